import type { MetricStats } from '../records.js';

/**
 * Tail anomaly rule: a run's latency tail is anomalous when p95 > 3 x p50 (strictly), i.e. the
 * slowest 5% of requests take more than three times the typical one. A run flagged by this
 * rule is re-checked by a separate run with the same parameters; the anomaly "reproduced" iff
 * the re-check run is itself anomalous by the same rule. A run whose file states no p50 or p95
 * (and has no samples to compute them) cannot be judged: it is never flagged and has no ratio.
 */

export const TAIL_FACTOR = 3;

type Params = Record<string, string | number | boolean | null>;

export interface TailSummary {
  p50?: number;
  p95?: number;
  /** p95 / p50; null when either is unknown or p50 is not positive. */
  ratio: number | null;
}

export function tailSummary(stats: Pick<MetricStats, 'p50' | 'p95'>): TailSummary {
  const { p50, p95 } = stats;
  return { ...(p50 !== undefined ? { p50 } : {}), ...(p95 !== undefined ? { p95 } : {}), ratio: p50 !== undefined && p95 !== undefined && p50 > 0 ? p95 / p50 : null };
}

export function isTailAnomalous(stats: Pick<MetricStats, 'p50' | 'p95'>): boolean {
  return stats.p50 !== undefined && stats.p95 !== undefined && stats.p95 > TAIL_FACTOR * stats.p50;
}

export interface TailRecheck {
  reproduced: boolean;
  flagged: TailSummary;
  recheck: TailSummary;
  reason: string;
  /** Parameters both runs name but with different values, sorted by name. */
  paramsDiffer: { name: string; flagged: Params[string]; recheck: Params[string] }[];
}

function describeRatio(s: TailSummary): string {
  if (s.p50 === undefined || s.p95 === undefined) return `no ${s.p50 === undefined ? 'p50' : 'p95'} stated`;
  return s.ratio === null ? `p95 ${s.p95} with p50 ${s.p50}` : `p95/p50 = ${s.ratio.toFixed(2)}`;
}

export function tailRecheck(
  flagged: Pick<MetricStats, 'p50' | 'p95'>,
  recheck: Pick<MetricStats, 'p50' | 'p95'>,
  params: { flagged?: Params; recheck?: Params } = {},
): TailRecheck {
  const f = tailSummary(flagged);
  const r = tailSummary(recheck);
  const reproduced = isTailAnomalous(recheck);
  const parts = [
    reproduced
      ? `re-check ${describeRatio(r)} > ${TAIL_FACTOR}: the tail anomaly reproduced`
      : `re-check ${describeRatio(r)} <= ${TAIL_FACTOR} (flagged run: ${describeRatio(f)}): the tail anomaly did not reproduce`,
  ];
  if (!isTailAnomalous(flagged)) parts.push(`the flagged run itself is not anomalous by this rule (${describeRatio(f)})`);
  const paramsDiffer = differingParams(params.flagged ?? {}, params.recheck ?? {});
  if (paramsDiffer.length) {
    parts.push(`the runs differ in ${paramsDiffer.map((d) => `${d.name} (${String(d.flagged)} vs ${String(d.recheck)})`).join(', ')}`);
  }
  return { reproduced, flagged: f, recheck: r, reason: parts.join('; '), paramsDiffer };
}

function differingParams(a: Params, b: Params): TailRecheck['paramsDiffer'] {
  return Object.keys(a)
    .filter((k) => Object.hasOwn(b, k) && a[k] !== b[k])
    .sort()
    .map((name) => ({ name, flagged: a[name]!, recheck: b[name]! }));
}

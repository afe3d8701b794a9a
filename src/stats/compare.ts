import type { MetricStats, ServingBenchmark } from '../records.js';
import {
  ASYMPTOTIC_MIN_N,
  BOOTSTRAP_STATISTICS,
  bootstrapImprovement,
  isInterval,
  relativeImprovementPct,
  statisticOf,
  type BootstrapOptions,
  type BootstrapStatistic,
  type Direction,
} from './bootstrap.js';
import { mannWhitneyU } from './mann-whitney.js';
import { decideTarget } from '../analysis/target.js';

/**
 * Baseline vs candidate, per the README ("compare"). Improvement in percent: latency
 * (b - c) / b, throughput (c - b) / b. With per-request samples on both sides: a percentile
 * bootstrap 95% CI of the improvement (bootstrap.ts: fixed seed and resample count, each side
 * resampled on its own) and the Mann-Whitney U two-sided p-value (mann-whitney.ts; it tests a
 * shift of the whole distribution, not of the one statistic). Significant = the CI excludes 0.
 * targetMet: analysis/target.ts decides (significance not required here: without samples the
 * stated numbers decide). Without samples the improvement comes from the stated numbers, CI and
 * p-value are null and `note` says why.
 */

export type { Direction };

export interface ResolvedMetric {
  metric: string;
  value: number;
  direction: Direction;
  /** The statistic the value is, when samples can reproduce it by resampling. */
  statistic?: BootstrapStatistic;
  /** Per-request values (ms), for latency means, medians and percentiles when the record has them. */
  samples?: readonly number[];
}

/** Samples, or a stated value with optional samples (a ResolvedMetric fits). */
export type CompareSide = readonly number[] | { value: number; samples?: readonly number[] };

export interface CompareOptions extends BootstrapOptions {
  metric: string;
  direction: Direction;
  targetPct?: number;
  /** Statistic to compute from samples; default: the metric name's last part (`e2el.p95` -> p95). */
  statistic?: BootstrapStatistic;
}

export interface CompareResult {
  metric: string;
  baseline: number;
  candidate: number;
  improvementPct: number;
  ci95: [number, number] | null;
  /**
   * How ci95 was computed: a percentile bootstrap (with its resample count and seed) below
   * ASYMPTOTIC_MIN_N samples on either side, normal theory from there on; null without a CI.
   */
  ciMethod: CiMethod | null;
  pValue: number | null;
  significant: boolean | null;
  targetPct: number | null;
  targetMet: boolean | null;
  note?: string;
}

export type CiMethod = { name: 'bootstrap'; resamples: number; seed: number } | { name: 'asymptotic'; minSamples: number };

/** A stated statistic further than this (relative) from the one computed from samples is noted. */
const STATED_TOLERANCE = 0.005;

const STAT_FIELDS = ['mean', 'median', 'std', 'p50', 'p90', 'p95', 'p99', 'min', 'max'] as const;
const THROUGHPUT_FIELDS = ['requestsPerS', 'outputTokensPerS', 'totalTokensPerS'] as const;

function asStatistic(name: string): BootstrapStatistic | undefined {
  return (BOOTSTRAP_STATISTICS as readonly string[]).includes(name) ? (name as BootstrapStatistic) : undefined;
}

/** Every metric name the record can answer, with its value. */
function metricsOf(record: ServingBenchmark): Map<string, ResolvedMetric> {
  const out = new Map<string, ResolvedMetric>();
  for (const key of Object.keys(record.latency) as (keyof ServingBenchmark['latency'])[]) {
    const stats: MetricStats | undefined = record.latency[key];
    if (!stats) continue;
    for (const field of STAT_FIELDS) {
      const value = stats[field];
      if (value === undefined) continue;
      const metric = `${key}.${field}`;
      const statistic = asStatistic(field);
      const resolved: ResolvedMetric = { metric, value, direction: 'lower-is-better' };
      if (statistic && stats.samples?.length) Object.assign(resolved, { statistic, samples: stats.samples });
      out.set(metric, resolved);
    }
    // Other percentiles a file states (`ttft.p99.9`): stated values only, never resampled.
    for (const [p, value] of Object.entries(stats.percentiles ?? {})) out.set(`${key}.p${p}`, { metric: `${key}.p${p}`, value, direction: 'lower-is-better' });
  }
  // FastDeploy's decode speed per request (tok/s): as stated, higher is better.
  const decode = record.tokens?.decodePerS;
  for (const field of STAT_FIELDS) {
    const value = decode?.[field];
    if (value !== undefined && field !== 'std') out.set(`tokens.decodePerS.${field}`, { metric: `tokens.decodePerS.${field}`, value, direction: 'higher-is-better' });
  }
  for (const field of THROUGHPUT_FIELDS) {
    const value = record.throughput[field];
    if (value !== undefined) out.set(`throughput.${field}`, { metric: `throughput.${field}`, value, direction: 'higher-is-better' });
  }
  return out;
}

export function resolveMetric(record: ServingBenchmark, metric: string): ResolvedMetric {
  const all = metricsOf(record);
  const found = all.get(metric);
  if (found) return found;
  throw new Error(`unknown metric "${metric}" for this ${record.tool} record; valid metrics: ${[...all.keys()].join(', ')}`);
}

/**
 * The metric on both sides. A metric only one side states is refused with a message naming
 * that side, what it does state, and the metrics both sides share.
 */
export function resolvePair(baseline: ServingBenchmark, candidate: ServingBenchmark, metric: string, labels = { baseline: 'baseline', candidate: 'candidate' }): [ResolvedMetric, ResolvedMetric] {
  const b = metricsOf(baseline);
  const c = metricsOf(candidate);
  const shared = [...b.keys()].filter((k) => c.has(k));
  const rb = b.get(metric);
  const rc = c.get(metric);
  if (rb && rc) return [rb, rc];
  const lacking = [rb ? null : labels.baseline, rc ? null : labels.candidate].filter((x): x is string => x !== null);
  const family = metric.split('.')[0]!;
  const states = (m: Map<string, ResolvedMetric>) => [...m.keys()].filter((k) => k.startsWith(`${family}.`)).join(', ') || 'nothing';
  const detail = lacking.map((l) => `${l} states ${l === labels.baseline ? states(b) : states(c)} for ${family}`).join('; ');
  throw new Error(
    `${lacking.join(' and ')} ${lacking.length > 1 ? 'do' : 'does'} not state "${metric}" (${detail}); metrics both sides state: ${shared.join(', ') || 'none'}`,
  );
}

interface Side {
  value: number;
  samples: readonly number[] | null;
  notes: string[];
}

function side(input: CompareSide, label: string, statistic: BootstrapStatistic | undefined): Side {
  const samples = Array.isArray(input) ? (input as readonly number[]) : ((input as { samples?: readonly number[] }).samples ?? null);
  const stated = Array.isArray(input) ? undefined : (input as { value: number }).value;
  if (samples === null || samples.length === 0) {
    if (stated === undefined) throw new RangeError(`${label} has no samples and no stated value`);
    return { value: stated, samples: null, notes: [] };
  }
  if (!statistic) {
    const why = `the metric names no statistic that can be computed from samples (one of ${BOOTSTRAP_STATISTICS.join(', ')})`;
    if (stated === undefined) throw new RangeError(`${label}: ${why}`);
    return { value: stated, samples: null, notes: [`${label} samples not used: ${why}`] };
  }
  const value = statisticOf(samples, statistic);
  const notes =
    stated !== undefined && Math.abs(stated - value) > STATED_TOLERANCE * Math.abs(value)
      ? [`${label} states ${statistic} ${stated} but its ${samples.length} samples give ${value}; the samples are used`]
      : [];
  return { value, samples, notes };
}

export function compare(baselineInput: CompareSide, candidateInput: CompareSide, opts: CompareOptions): CompareResult {
  const statistic = opts.statistic ?? asStatistic(opts.metric.split('.').pop() ?? '');
  const b = side(baselineInput, 'baseline', statistic);
  const c = side(candidateInput, 'candidate', statistic);
  if (b.value === 0) throw new RangeError(`baseline ${opts.metric} is 0: a relative improvement is undefined`);
  const improvementPct = relativeImprovementPct(b.value, c.value, opts.direction);
  const notes = [...b.notes, ...c.notes];
  let ci95: [number, number] | null = null;
  let ciMethod: CiMethod | null = null;
  let pValue: number | null = null;
  if (b.samples && c.samples && statistic) {
    const boot = bootstrapImprovement(b.samples, c.samples, statistic, opts.direction, opts);
    if (isInterval(boot)) {
      ci95 = [boot.lo, boot.hi];
      ciMethod = boot.method === 'bootstrap' ? { name: 'bootstrap', resamples: boot.resamples, seed: boot.seed } : { name: 'asymptotic', minSamples: ASYMPTOTIC_MIN_N };
    }
    else notes.push(`no confidence interval: ${boot.reason}`);
    pValue = mannWhitneyU(b.samples, c.samples).pValue;
  } else {
    const missing = [b.samples ? null : 'baseline', c.samples ? null : 'candidate'].filter(Boolean).join(' and ');
    notes.push(`no per-request samples for the ${missing}: improvement from the stated numbers, no confidence interval or p-value`);
  }
  const significant = ci95 ? ci95[0] > 0 || ci95[1] < 0 : null;
  const targetPct = opts.targetPct ?? null;
  const result: CompareResult = {
    metric: opts.metric,
    baseline: b.value,
    candidate: c.value,
    improvementPct,
    ci95,
    ciMethod,
    pValue,
    significant,
    targetPct,
    targetMet: targetPct === null ? null : decideTarget({ improvementPct, ci95, significant }, { metric: opts.metric, improvementPct: targetPct, significant: false }).state === 'met',
  };
  if (notes.length) result.note = notes.join('; ');
  return result;
}

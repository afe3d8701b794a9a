import type { MetricStats } from '../records.js';
import { describeSamples } from './descriptive.js';

/**
 * One latency metric from what a file states plus what its per-request samples give.
 *
 * Rule: a stated value always wins and is listed in `stated`; a statistic the file does not
 * state is computed from the samples when there are any, else left absent (never guessed).
 * numpy's median is its p50, so a stated median also answers p50 and the reverse; p100 is the
 * max and p0 the min. Percentiles other than p50/p90/p95/p99 are kept in `percentiles`.
 */

/** Statistic name as the tools write it (`mean`, `median`, `std`, `p99`, `p99.9`) -> value. */
export type StatedStats = Record<string, number>;

const FIXED_PCT = new Set(['50', '90', '95', '99']);

export function mergeStats(stated: StatedStats, samplesMs?: { ms: readonly number[]; keep: boolean }, n?: number): MetricStats | undefined {
  const computed = samplesMs && samplesMs.ms.length > 0 ? describeSamples([...samplesMs.ms], samplesMs.keep) : undefined;
  if (Object.keys(stated).length === 0 && !computed) return undefined;
  const out: MetricStats = {};
  const said: string[] = [];
  const set = (field: Exclude<keyof MetricStats, 'percentiles' | 'stated' | 'samples'>, ...names: string[]) => {
    const name = names.find((x) => stated[x] !== undefined);
    if (name !== undefined) {
      out[field] = stated[name]!;
      said.push(field);
    } else if (computed?.[field] !== undefined) out[field] = computed[field];
  };
  const count = computed?.n ?? n;
  if (count !== undefined) out.n = count;
  set('mean', 'mean');
  set('median', 'median', 'p50');
  set('std', 'std');
  set('p50', 'p50', 'median');
  set('p90', 'p90');
  set('p95', 'p95');
  set('p99', 'p99');
  set('min', 'p0', 'min');
  set('max', 'p100', 'max');
  const extra = Object.keys(stated)
    .filter((k) => /^p\d/.test(k) && !FIXED_PCT.has(k.slice(1)) && k !== 'p0' && k !== 'p100')
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  if (extra.length) {
    out.percentiles = Object.fromEntries(extra.map((k) => [k.slice(1), stated[k]!]));
    said.push(...extra);
  }
  if (said.length) out.stated = said;
  if (computed?.samples) out.samples = computed.samples;
  return out;
}

/** Which statistics a metric has, in the documents' order (for messages). */
export function statNames(s: MetricStats): string[] {
  const fixed = (['mean', 'median', 'std', 'p50', 'p90', 'p95', 'p99', 'min', 'max'] as const).filter((k) => s[k] !== undefined);
  return [...fixed, ...Object.keys(s.percentiles ?? {}).map((p) => `p${p}`)];
}

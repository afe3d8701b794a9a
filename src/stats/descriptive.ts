import type { MetricStats } from '../records.js';
import { sortFloat64 } from './radix-sort.js';

/**
 * Descriptive statistics with numpy's defaults, so the numbers equal what a contributor's
 * Python printed: `np.percentile(..., method="linear")` and `np.std` (population, ddof=0).
 */

/** Percentile of an ascending-sorted array, numpy "linear" method, p in 0..100. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const q = p / 100;
  const virtualIndex = (n - 1) * q;
  const lo = Math.floor(virtualIndex);
  const hi = Math.min(lo + 1, n - 1);
  const t = virtualIndex - lo;
  return lerp(sorted[lo]!, sorted[hi]!, t);
}

/** numpy's _lerp: the two-sided form keeps results monotonic and exact at both ends. */
function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Standard deviation with `ddof` (0 = population, numpy's default; 1 = sample). */
export function std(xs: ArrayLike<number>, ddof = 0): number {
  const n = xs.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    s += d * d;
  }
  return Math.sqrt(s / (n - ddof));
}

export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  // The constructor copies an array directly; Float64Array.from walks its iterator (5x slower).
  return sortFloat64(new Float64Array(xs));
}

/** Statistics computed from samples: all of them are known. */
export type SampleStats = Required<Pick<MetricStats, 'n' | 'mean' | 'median' | 'std' | 'p50' | 'p90' | 'p95' | 'p99' | 'min' | 'max'>> & { samples?: number[] };

/**
 * Sorted copies of sample arrays, by identity. Samples in records are never changed once made,
 * and compare needs the same arrays sorted for a statistic and for Mann-Whitney U: a million
 * samples take about 0.1-0.2 s to sort each time.
 */
const sortedBySamples = new WeakMap<readonly number[], Float64Array>();

/** The samples sorted ascending: a copy made once per array and shared, so never write to it. */
export function sortedView(xs: readonly number[]): Float64Array {
  let sorted = sortedBySamples.get(xs);
  if (!sorted) {
    sorted = sortedCopy(xs);
    sortedBySamples.set(xs, sorted);
  }
  return sorted;
}

/**
 * MetricStats of a sample set (all in the unit given). `keepSamples` keeps the values in
 * request order for later statistics and charts: a copy, or with 'own' the array itself (a
 * caller that made it for this and never changes it; a million samples need no second copy).
 */
export function describeSamples(xs: readonly number[], keepSamples: boolean | 'own' = true): SampleStats {
  const sorted = sortedCopy(xs);
  const n = xs.length;
  const stats: SampleStats = {
    n,
    mean: mean(xs),
    median: percentileSorted(sorted, 50),
    std: std(xs),
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    min: sorted[0]!,
    max: sorted[n - 1]!,
  };
  if (keepSamples) {
    stats.samples = keepSamples === 'own' ? (xs as number[]) : [...xs];
    sortedBySamples.set(stats.samples, sorted);
  }
  return stats;
}

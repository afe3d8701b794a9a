import { mean, percentileSorted, sortedCopy, sortedView, std } from './descriptive.js';
import { DEFAULT_SEED, Xoshiro128 } from './random.js';

/**
 * Percentile bootstrap 95% confidence intervals, deterministic: a fixed seed (random.ts) and a
 * fixed number of resamples. The interval is the 2.5th and 97.5th percentile (numpy "linear",
 * i.e. `np.percentile(boot, [2.5, 97.5])`) of the statistic over the resamples; the estimate is
 * the statistic of the original samples, computed exactly as `describeSamples` does.
 *
 * Each resample draws n indices with replacement and keeps only their counts over the sorted
 * samples, so one O(n) walk yields the mean and any order statistic without sorting. Every
 * statistic is computed from the same counts, so asking for several statistics at once gives
 * the same numbers as asking for each alone.
 */

/** 2000 resamples: the Monte Carlo error of a 95% endpoint is then small next to the interval. */
export const DEFAULT_RESAMPLES = 2000;

export type BootstrapStatistic = 'mean' | 'median' | 'p50' | 'p90' | 'p95' | 'p99';
export const BOOTSTRAP_STATISTICS: readonly BootstrapStatistic[] = ['mean', 'median', 'p50', 'p90', 'p95', 'p99'];

export type Direction = 'lower-is-better' | 'higher-is-better';

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
}

export interface BootstrapInterval {
  estimate: number;
  lo: number;
  hi: number;
  /** 0 when the interval is asymptotic (large samples, see ASYMPTOTIC_MIN_N). */
  resamples: number;
  seed: number;
  method: 'bootstrap' | 'asymptotic';
}

/**
 * From this many samples on (per set), intervals are asymptotic instead of resampled: resampling
 * costs n x 2000 steps (minutes at a million), while at this size the bootstrap and the normal
 * theory agree to well within the bootstrap's own Monte Carlo error. Mean: mean +- 1.96 s/sqrt(n)
 * (s the sample std). Percentile q: the distribution-free order-statistic interval, ranks
 * n q -+ 1.96 sqrt(n q (1 - q)). Relative improvement: the delta method on the ratio of the two
 * statistics, each with the standard error its own interval implies.
 */
export const ASYMPTOTIC_MIN_N = 10_000;
const Z95 = 1.959963984540054;

export interface BootstrapInsufficient {
  /** The statistic of what there is; null when there are no samples. */
  estimate: number | null;
  insufficient: true;
  reason: string;
}

export type BootstrapResult = BootstrapInterval | BootstrapInsufficient;

export function isInterval(r: BootstrapResult): r is BootstrapInterval {
  return !('insufficient' in r);
}

/** Percentile (0-100) a statistic stands for; null for the mean. */
function percentileOf(stat: BootstrapStatistic): number | null {
  if (stat === 'mean') return null;
  if (stat === 'median') return 50;
  return Number(stat.slice(1));
}

/**
 * Fewest samples a statistic needs before its interval means anything: 5 for the mean and the
 * median; for an upper percentile p, enough that on average one sample lies above it
 * (100 / (100 - p)): p90 10, p95 20, p99 100.
 */
export function minSamples(stat: BootstrapStatistic): number {
  const p = percentileOf(stat);
  if (p === null || p <= 50) return 5;
  return Math.max(5, Math.ceil(100 / (100 - p) - 1e-9));
}

/** Rejects NaN and infinities, which would silently poison sorting and sums. */
export function assertFiniteSamples(xs: ArrayLike<number>, what: string): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new RangeError(`${what}[${i}] is not a finite number: ${xs[i]}`);
  }
}

/** The statistic of a sample set, equal to the field of `describeSamples`. */
export function statisticOf(samples: readonly number[], stat: BootstrapStatistic): number {
  const p = percentileOf(stat);
  return p === null ? mean(samples) : percentileSorted(sortedCopy(samples), p);
}

/**
 * Relative improvement in percent: latency `(b - c) / b`, throughput `(c - b) / b`. Multiplying
 * before dividing keeps round cases exact (100 -> 80 is 20, not 20.000000000000004).
 */
export function relativeImprovementPct(baseline: number, candidate: number, direction: Direction): number {
  const gain = direction === 'lower-is-better' ? baseline - candidate : candidate - baseline;
  return (gain * 100) / baseline;
}

/** Draws resamples of one sample set and evaluates statistics on them. */
class Resampler {
  private readonly sorted: Float64Array;
  private readonly counts: Uint32Array;
  /** Order-statistic positions the requested percentiles need, ascending. */
  private readonly positions: number[];
  private readonly found: Float64Array;

  constructor(samples: readonly number[], private readonly stats: readonly BootstrapStatistic[]) {
    this.sorted = sortedCopy(samples);
    this.counts = new Uint32Array(samples.length);
    const n = samples.length;
    const set = new Set<number>();
    for (const s of stats) {
      const p = percentileOf(s);
      if (p === null) continue;
      // Same index arithmetic as percentileSorted, which reads positions k and k + 1.
      const k = Math.floor((n - 1) * (p / 100));
      set.add(k).add(Math.min(k + 1, n - 1));
    }
    this.positions = [...set].sort((a, b) => a - b);
    this.found = new Float64Array(n);
  }

  /** One resample: the value of each statistic, in the order given to the constructor. */
  draw(rng: Xoshiro128): number[] {
    const { sorted, counts, positions, found } = this;
    const n = sorted.length;
    counts.fill(0);
    rng.addUniformCounts(counts, n);
    let sum = 0;
    let cum = 0;
    let next = 0;
    for (let j = 0; j < n; j++) {
      const c = counts[j]!;
      if (c === 0) continue;
      const v = sorted[j]!;
      // One by one (not c * v), as `mean` adds: equal samples then give exactly the estimate.
      for (let r = 0; r < c; r++) sum += v;
      cum += c;
      while (next < positions.length && positions[next]! < cum) found[positions[next++]!] = v;
    }
    return this.stats.map((s) => {
      const p = percentileOf(s);
      // `found` holds the resample's order statistics at exactly the positions p reads.
      return p === null ? sum / n : percentileSorted(found, p);
    });
  }
}

function resolveOptions(opts: BootstrapOptions): { resamples: number; seed: number } {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  return { resamples, seed };
}

/** Why n samples (of `side`, when there are two sets) are too few for `stat`, or null. */
function shortfall(n: number, stat: BootstrapStatistic, side?: string): string | null {
  const need = minSamples(stat);
  const what = side ? `${side} samples` : 'samples';
  return n < need ? `${stat} needs at least ${need} ${what} for a confidence interval, got ${n}` : null;
}

function interval(boot: Float64Array, estimate: number, resamples: number, seed: number): BootstrapInterval {
  boot.sort();
  return { estimate, lo: percentileSorted(boot, 2.5), hi: percentileSorted(boot, 97.5), resamples, seed, method: 'bootstrap' };
}

/** Intervals of several statistics of one sample set, from the same resamples. */
export function bootstrapCIs<S extends BootstrapStatistic>(
  samples: readonly number[],
  stats: readonly S[],
  opts: BootstrapOptions = {},
): Record<S, BootstrapResult> {
  assertFiniteSamples(samples, 'samples');
  const { resamples, seed } = resolveOptions(opts);
  const out = {} as Record<S, BootstrapResult>;
  const ready: S[] = [];
  for (const s of stats) {
    const reason = shortfall(samples.length, s);
    if (reason === null) ready.push(s);
    else out[s] = { estimate: samples.length ? statisticOf(samples, s) : null, insufficient: true, reason };
  }
  if (ready.length === 0) return out;
  if (samples.length >= ASYMPTOTIC_MIN_N) {
    let sorted: Float64Array | undefined;
    for (const s of ready) out[s] = { ...asymptotic(samples, s, () => (sorted ??= sortedCopy(samples))), seed };
    return out;
  }
  const resampler = new Resampler(samples, ready);
  const boots = ready.map(() => new Float64Array(resamples));
  const rng = new Xoshiro128(seed);
  for (let b = 0; b < resamples; b++) {
    const values = resampler.draw(rng);
    for (let i = 0; i < ready.length; i++) boots[i]![b] = values[i]!;
  }
  ready.forEach((s, i) => {
    out[s] = interval(boots[i]!, statisticOf(samples, s), resamples, seed);
  });
  return out;
}

export function bootstrapCI(samples: readonly number[], stat: BootstrapStatistic, opts: BootstrapOptions = {}): BootstrapResult {
  return bootstrapCIs(samples, [stat], opts)[stat];
}

/**
 * Interval of the relative improvement (percent, see relativeImprovementPct) of `stat` from
 * baseline to candidate, two independent sample sets: each resample draws each set on its own.
 */
export function bootstrapImprovement(
  baseline: readonly number[],
  candidate: readonly number[],
  stat: BootstrapStatistic,
  direction: Direction,
  opts: BootstrapOptions = {},
): BootstrapResult {
  assertFiniteSamples(baseline, 'baseline');
  assertFiniteSamples(candidate, 'candidate');
  const { resamples, seed } = resolveOptions(opts);
  const estimate =
    baseline.length && candidate.length
      ? relativeImprovementPct(statisticOf(baseline, stat), statisticOf(candidate, stat), direction)
      : null;
  const reason = shortfall(baseline.length, stat, 'baseline') ?? shortfall(candidate.length, stat, 'candidate');
  if (reason !== null) return { estimate, insufficient: true, reason };
  if (estimate === null || !Number.isFinite(estimate)) {
    return { estimate: null, insufficient: true, reason: `the baseline ${stat} is 0, so a relative change is undefined` };
  }
  if (baseline.length >= ASYMPTOTIC_MIN_N && candidate.length >= ASYMPTOTIC_MIN_N) {
    const b = asymptotic(baseline, stat);
    const c = asymptotic(candidate, stat);
    // improvement = 100 (1 - c/b) or 100 (c/b - 1): its SE is 100 SE(c/b), by the delta method.
    const ratio = c.estimate / b.estimate;
    const se = 100 * Math.abs(ratio) * Math.hypot(seOf(c) / c.estimate, seOf(b) / b.estimate);
    return { estimate, lo: estimate - Z95 * se, hi: estimate + Z95 * se, resamples: 0, seed, method: 'asymptotic' };
  }
  const rb = new Resampler(baseline, [stat]);
  const rc = new Resampler(candidate, [stat]);
  const rng = new Xoshiro128(seed);
  const boot = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    const v = relativeImprovementPct(rb.draw(rng)[0]!, rc.draw(rng)[0]!, direction);
    if (!Number.isFinite(v)) {
      return { estimate, insufficient: true, reason: `a resampled baseline ${stat} was 0, so the relative change has no interval` };
    }
    boot[b] = v;
  }
  return interval(boot, estimate, resamples, seed);
}

/** Large-sample interval of one statistic (see ASYMPTOTIC_MIN_N). */
function asymptotic(
  samples: readonly number[],
  stat: BootstrapStatistic,
  sortedOnce: () => Float64Array = () => sortedView(samples),
): Omit<BootstrapInterval, 'seed'> {
  const n = samples.length;
  const p = percentileOf(stat);
  if (p === null) {
    // The mean needs no sorting (a million samples sort in about 0.1 s).
    const estimate = mean(samples);
    const half = (Z95 * std(samples, 1)) / Math.sqrt(n);
    return { estimate, lo: estimate - half, hi: estimate + half, resamples: 0, method: 'asymptotic' };
  }
  // Same value as statisticOf, from the one sorted copy.
  const sorted = sortedOnce();
  const estimate = percentileSorted(sorted, p);
  const q = p / 100;
  const spread = Z95 * Math.sqrt(n * q * (1 - q));
  const rank = (r: number) => sorted[Math.min(n - 1, Math.max(0, r))]!;
  // 1-based ranks n q -+ spread, as 0-based indexes.
  return { estimate, lo: rank(Math.floor(n * q - spread) - 1), hi: rank(Math.ceil(n * q + spread) - 1), resamples: 0, method: 'asymptotic' };
}

/** Standard error implied by a symmetric-in-probability 95% interval. */
function seOf(i: { lo: number; hi: number }): number {
  return (i.hi - i.lo) / (2 * Z95);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bootstrapCI,
  bootstrapCIs,
  bootstrapImprovement,
  isInterval,
  minSamples,
  relativeImprovementPct,
  type BootstrapResult,
  type BootstrapStatistic,
} from '../../src/stats/bootstrap.js';
import { describeSamples } from '../../src/stats/descriptive.js';
import { baselineMs, candidateMs } from './samples.js';

/*
 * Expected intervals: an independent Python re-implementation of the same procedure (the
 * xoshiro128** stream in Python integers, `[sorted[rng.int(n)] for _ in range(n)]` per resample,
 * the statistic by np.percentile or a left-to-right sum, the interval by
 * np.percentile(boot, [2.5, 97.5]), estimates by np.mean / np.percentile). Results agree to the
 * last bit, so the tests compare exactly.
 */
describe('bootstrapCIs', () => {
  it('matches the Python re-implementation (2000 resamples, seed 42)', () => {
    const r = bootstrapCIs(baselineMs, ['mean', 'median', 'p95']);
    expect(r.mean).toEqual({ estimate: 1785.78, lo: 1720.6372500000004, hi: 1848.3434166666668, resamples: 2000, seed: 42, method: 'bootstrap' });
    expect(r.median).toEqual({ estimate: 1803.75, lo: 1734.54125, hi: 1868.5, resamples: 2000, seed: 42, method: 'bootstrap' });
    expect(r.p95).toEqual({ estimate: 2099.99, lo: 1921.9216250000002, hi: 2172.8, resamples: 2000, seed: 42, method: 'bootstrap' });
  });

  it('honours resamples and seed', () => {
    expect(bootstrapCI(baselineMs, 'p90', { resamples: 500, seed: 7 })).toEqual({ estimate: 1966.9, lo: 1888.34, hi: 2172.8, resamples: 500, seed: 7, method: 'bootstrap' });
  });

  it('estimates equal describeSamples', () => {
    const d = describeSamples(baselineMs);
    const r = bootstrapCIs(baselineMs, ['mean', 'median', 'p50', 'p90', 'p95']);
    expect([r.mean, r.median, r.p50, r.p90, r.p95].map((x) => x.estimate)).toEqual([d.mean, d.median, d.p50, d.p90, d.p95]);
  });

  it('reports too few samples instead of numbers', () => {
    expect(minSamples('mean')).toBe(5);
    expect(minSamples('median')).toBe(5);
    expect(minSamples('p90')).toBe(10);
    expect(minSamples('p95')).toBe(20);
    expect(minSamples('p99')).toBe(100);
    const few = baselineMs.slice(0, 19);
    expect(bootstrapCI(few, 'p95')).toEqual({
      estimate: describeSamples(few).p95,
      insufficient: true,
      reason: 'p95 needs at least 20 samples for a confidence interval, got 19',
    });
    expect(isInterval(bootstrapCI(baselineMs.slice(0, 5), 'mean'))).toBe(true);
    expect(bootstrapCI(baselineMs.slice(0, 4), 'median')).toMatchObject({ insufficient: true });
    expect(bootstrapCI([], 'mean')).toMatchObject({ estimate: null, insufficient: true });
  });

  it('rejects non-finite samples', () => {
    expect(() => bootstrapCI([1, 2, NaN, 4, 5], 'mean')).toThrow(/samples\[2\]/);
  });
});

describe('bootstrapImprovement', () => {
  it('matches the Python re-implementation', () => {
    expect(bootstrapImprovement(baselineMs, candidateMs, 'mean', 'lower-is-better')).toEqual({
      estimate: 15.53644159228274,
      lo: 10.632600345833891,
      hi: 20.166046609032286,
      resamples: 2000,
      seed: 42,
      method: 'bootstrap',
    });
    expect(bootstrapImprovement(baselineMs, candidateMs, 'p95', 'lower-is-better')).toEqual({
      estimate: 13.031490626145844,
      lo: 0.35171476821106584,
      hi: 21.820037335579997,
      resamples: 2000,
      seed: 42,
      method: 'bootstrap',
    });
    expect(bootstrapImprovement(baselineMs, candidateMs, 'median', 'higher-is-better')).toEqual({
      estimate: -17.26403326403327,
      lo: -22.150042485541217,
      hi: -11.107415107415104,
      resamples: 2000,
      seed: 42,
      method: 'bootstrap',
    });
  });

  it('names the side with too few samples', () => {
    expect(bootstrapImprovement(baselineMs, candidateMs.slice(0, 10), 'p95', 'lower-is-better')).toMatchObject({
      insufficient: true,
      reason: 'p95 needs at least 20 candidate samples for a confidence interval, got 10',
    });
  });

  it('refuses a zero baseline', () => {
    expect(bootstrapImprovement([0, 0, 0, 0, 0], [1, 2, 3, 4, 5], 'mean', 'lower-is-better')).toMatchObject({ insufficient: true });
  });

  it('computes improvement exactly on round numbers', () => {
    expect(relativeImprovementPct(100, 80, 'lower-is-better')).toBe(20);
    expect(relativeImprovementPct(10, 12, 'higher-is-better')).toBe(20);
  });
});

const latencies = fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 20, maxLength: 60 });
const stats: BootstrapStatistic[] = ['mean', 'median', 'p95'];

function brackets(r: BootstrapResult): void {
  if (!isInterval(r)) throw new Error(`expected an interval: ${r.reason}`);
  expect(r.lo).toBeLessThanOrEqual(r.estimate);
  expect(r.estimate).toBeLessThanOrEqual(r.hi);
}

describe('bootstrap properties', () => {
  it('the interval brackets its estimate', () => {
    fc.assert(
      fc.property(latencies, (xs) => {
        for (const r of Object.values(bootstrapCIs(xs, stats, { resamples: 500 }))) brackets(r);
      }),
      { numRuns: 100, seed: 42 },
    );
  });

  it('the improvement interval brackets its estimate', () => {
    fc.assert(
      fc.property(latencies, latencies, fc.constantFrom(...stats), (b, c, stat) => {
        brackets(bootstrapImprovement(b, c, stat, 'lower-is-better', { resamples: 500 }));
      }),
      { numRuns: 100, seed: 42 },
    );
  });

  it('constant samples give a zero-width interval at the estimate', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), fc.integer({ min: 20, max: 40 }), (v, n) => {
        const r = bootstrapCIs(new Array(n).fill(v), stats, { resamples: 200 });
        // The mean of n copies of v is v up to rounding of the sum, the same in every resample.
        for (const x of Object.values(r)) expect(x).toMatchObject({ lo: x.estimate, hi: x.estimate });
        expect([r.median.estimate, r.p95.estimate]).toEqual([v, v]);
      }),
      { numRuns: 100, seed: 42 },
    );
  });

  it('same inputs give identical output, alone or together', () => {
    fc.assert(
      fc.property(latencies, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (xs, seed) => {
        const opts = { resamples: 300, seed };
        const together = bootstrapCIs(xs, stats, opts);
        expect(bootstrapCIs([...xs], stats, opts)).toEqual(together);
        for (const s of stats) expect(bootstrapCI(xs, s, opts)).toEqual(together[s]);
      }),
      { numRuns: 50, seed: 42 },
    );
  });
});

describe('large samples use asymptotic intervals', () => {
  // 40,000 latencies: 1000 + (i * 7919 mod 1000), a fixed spread of values 1000..1999.
  const big = Array.from({ length: 40_000 }, (_, i) => 1000 + ((i * 7919) % 1000));
  const sorted = [...big].sort((a, b) => a - b);

  it('mean: mean +- 1.96 s / sqrt(n)', () => {
    const r = bootstrapCI(big, 'mean');
    expect(isInterval(r) && r.method).toBe('asymptotic');
    const m = big.reduce((s, x) => s + x, 0) / big.length;
    const s = Math.sqrt(big.reduce((acc, x) => acc + (x - m) ** 2, 0) / (big.length - 1));
    const half = (1.959963984540054 * s) / Math.sqrt(big.length);
    expect(r).toMatchObject({ estimate: m, resamples: 0 });
    if (isInterval(r)) {
      expect(r.lo).toBeCloseTo(m - half, 9);
      expect(r.hi).toBeCloseTo(m + half, 9);
    }
  });

  it('p95: the order statistics at ranks n q -+ 1.96 sqrt(n q (1 - q))', () => {
    const r = bootstrapCI(big, 'p95');
    const spread = 1.959963984540054 * Math.sqrt(40_000 * 0.95 * 0.05);
    expect(r).toMatchObject({ method: 'asymptotic', lo: sorted[Math.floor(38_000 - spread) - 1], hi: sorted[Math.ceil(38_000 + spread) - 1] });
    if (isInterval(r)) expect(r.lo <= r.estimate && r.estimate <= r.hi).toBe(true);
  });

  it('improvement: the same distribution twice gives an interval around 0', () => {
    const r = bootstrapImprovement(big, [...big].reverse(), 'median', 'lower-is-better');
    expect(r).toMatchObject({ method: 'asymptotic', estimate: 0 });
    if (isInterval(r)) expect(r.lo < 0 && r.hi > 0).toBe(true);
  });

  it('improvement: 15% faster is significant', () => {
    const r = bootstrapImprovement(big, big.map((x) => x * 0.85), 'mean', 'lower-is-better');
    expect(isInterval(r)).toBe(true);
    if (isInterval(r)) {
      expect(r.estimate).toBeCloseTo(15, 9);
      expect(r.lo).toBeGreaterThan(14);
      expect(r.hi).toBeLessThan(16);
    }
  });
});

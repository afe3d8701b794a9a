import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mannWhitneyU, normalSf } from '../../src/stats/mann-whitney.js';
import { baselineMs, candidateMs } from './samples.js';

function relErr(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

/*
 * Expected values: scipy 1.17.1,
 * `scipy.stats.mannwhitneyu(x, y, method='asymptotic', use_continuity=True,
 * alternative='two-sided')` -> (statistic, pvalue). p-values agree to ~1e-14 relative (scipy's
 * ndtr and our erfc differ in the last bits), U exactly.
 */
describe('mannWhitneyU equals scipy asymptotic two-sided with continuity', () => {
  it.each([
    ['30 vs 30 latencies, ties within and across', baselineMs, candidateMs, 761.5, 4.263939503374143e-6],
    ['many ties', [1, 2, 2, 3, 3, 3, 4, 5], [2, 3, 3, 4, 4, 5, 5, 6, 7], 17, 0.06935045438181722],
    ['tiny samples (p clipped to 1)', [1.2, 3.4], [2.2], 1, 1],
    ['unequal sizes', baselineMs.slice(0, 12), [...candidateMs.slice(0, 25), 1850.3, 1917.5], 290.5, 9.791364731999262e-5],
  ])('%s', (_name, x, y, u, p) => {
    const r = mannWhitneyU(x, y);
    expect(r.u).toBe(u);
    expect(relErr(r.pValue, p)).toBeLessThan(1e-12);
  });

  it('all values tied: no variance, p = 1, z null (scipy: statistic 3.0, pvalue 1.0)', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toEqual({ u: 3, z: null, pValue: 1, n1: 3, n2: 2 });
  });

  it('rejects empty or non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
    expect(() => mannWhitneyU([1, Infinity], [1])).toThrow(/x\[1\]/);
  });
});

describe('normalSf', () => {
  // scipy.special.ndtr(-z) for each z.
  it.each([
    [0, 0.5],
    [1, 0.15865525393145707],
    [1.96, 0.024997895148220435],
    [-2.5, 0.9937903346742238],
    [2.1, 0.017864420562816542],
    [5, 2.866515718791933e-7],
    [10, 7.61985302416047e-24],
    [30, 4.906713927147908e-198],
  ])('P(Z > %d)', (z, p) => {
    expect(relErr(normalSf(z), p)).toBeLessThan(1e-12);
  });
});

describe('Mann-Whitney properties', () => {
  const sample = fc.array(fc.integer({ min: 0, max: 30 }).map((x) => x * 12.5), { minLength: 1, maxLength: 40 });

  it('is symmetric: swapping the samples keeps p and mirrors U', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = mannWhitneyU(x, y);
        const b = mannWhitneyU(y, x);
        expect(b.pValue).toBe(a.pValue);
        expect(b.u).toBe(x.length * y.length - a.u);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('p is in [0, 1] and does not depend on input order', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const r = mannWhitneyU(x, y);
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        expect(mannWhitneyU([...x].reverse(), [...y].reverse())).toEqual(r);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

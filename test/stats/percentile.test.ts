/** Properties of the numpy-compatible percentiles in descriptive.ts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSamples, percentileSorted, sortedCopy } from '../../src/stats/descriptive.js';

const samples = fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 200 });

describe('percentileSorted', () => {
  it('is monotonic in p and within [min, max]', () => {
    fc.assert(
      fc.property(samples, fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }), (xs, ps) => {
        const sorted = sortedCopy(xs);
        const values = [...ps].sort((a, b) => a - b).map((p) => percentileSorted(sorted, p));
        for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
        for (const v of values) {
          expect(v).toBeGreaterThanOrEqual(sorted[0]!);
          expect(v).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('orders the stated percentiles of describeSamples', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const s = describeSamples(xs, false);
        expect([s.min!, s.p50, s.p90, s.p95, s.p99, s.max]).toEqual([s.min!, s.p50, s.p90, s.p95, s.p99, s.max].sort((a, b) => a - b));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

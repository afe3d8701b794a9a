import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../src/stats/radix-sort.js';

/** The built-in order, compared bit for bit (Object.is tells -0 from +0). */
function expectBuiltInOrder(values: number[]): void {
  const got = Array.from(sortFloat64(Float64Array.from(values)));
  const want = Array.from(Float64Array.from(values).sort());
  expect(got.length).toBe(want.length);
  for (let k = 0; k < want.length; k++) if (!Object.is(got[k], want[k])) expect([k, got[k]]).toEqual([k, want[k]]);
}

describe('sortFloat64', () => {
  it('orders large arrays exactly as Float64Array.prototype.sort, signs, zeros and infinities included', () => {
    const value = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, Infinity, -Infinity, 5e-324, -5e-324), fc.double({ min: 900, max: 1100, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 4096, maxLength: 6000 }), (values) => expectBuiltInOrder(values)),
      { numRuns: 25, seed: 19 },
    );
  });

  it('sorts latencies that differ only in their low bits, and arrays with NaN or few values', () => {
    expectBuiltInOrder(Array.from({ length: 10_000 }, (_, k) => 1000 + ((k * 7919) % 10_000) / 1e6));
    expectBuiltInOrder(Array.from({ length: 5000 }, (_, k) => (k % 3 === 0 ? NaN : 5000 - k)));
    expectBuiltInOrder([3, -0, 0, -1]);
  });
});

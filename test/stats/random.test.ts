import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/stats/random.js';

describe('Xoshiro128 (xoshiro128** seeded by SplitMix32)', () => {
  // Expected values: the public-domain xoshiro128** reference C code (uint32_t arithmetic),
  // seeded by the same SplitMix32 expansion, compiled with gcc and run for each seed.
  it.each([
    [42, [2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290]],
    [0, [3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335]],
    [4294967295, [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718]],
  ])('seed %i gives the reference stream', (seed, expected) => {
    const rng = new Xoshiro128(seed);
    expect(expected.map(() => rng.nextUint32())).toEqual(expected);
  });

  it('nextInt stays in [0, n) and nextFloat in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 2 ** 31 }), (seed, n) => {
        const rng = new Xoshiro128(seed);
        for (let i = 0; i < 50; i++) {
          const k = rng.nextInt(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
          const u = rng.nextFloat();
          expect(u >= 0 && u < 1).toBe(true);
        }
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('nextInt is roughly uniform', () => {
    const rng = new Xoshiro128(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.nextInt(10)]++;
    // 10,000 expected per bucket, sd ~95: 6 sd either way.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(570);
  });

  it('addUniformCounts consumes the same stream as nextInt', () => {
    for (const n of [1, 7, 1000, 2 ** 21 + 1]) {
      const a = new Xoshiro128(9);
      const b = new Xoshiro128(9);
      const counts = new Uint32Array(n);
      a.addUniformCounts(counts, 500);
      const expected = new Uint32Array(n);
      for (let i = 0; i < 500; i++) expected[b.nextInt(n)]!++;
      expect(counts).toEqual(expected);
      expect(a.nextUint32()).toBe(b.nextUint32());
    }
  });

  it('rejects non-integer seeds and bounds', () => {
    expect(() => new Xoshiro128(1.5)).toThrow(RangeError);
    expect(() => new Xoshiro128(1).nextInt(0)).toThrow(RangeError);
  });
});

/**
 * A small seeded PRNG so that resampling gives the same numbers on every machine and Node
 * version: xoshiro128** 1.1 (Blackman & Vigna, 2018; 128-bit state, period 2^128 - 1), seeded
 * by expanding a 32-bit seed with SplitMix32 (golden-ratio increment + murmur3's fmix32
 * finaliser), as the xoshiro authors recommend. Only 32-bit integer operations
 * (`Math.imul`, shifts), so there is nothing platform-dependent.
 */

/** The seed every statistic in this project uses unless told otherwise. */
export const DEFAULT_SEED = 42;

const TWO_POW_32 = 4294967296;
const TWO_POW_21 = 2097152;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number = DEFAULT_SEED) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) | 0;
      let x = z;
      x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
      x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
      return (x ^ (x >>> 16)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Next value as an unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * Uniform integer in [0, n). For n <= 2^21 this is Lemire's multiply-shift with rejection,
   * exactly uniform: the 32x21-bit product fits a double exactly and `Math.imul` gives its low
   * 32 bits. Larger n use the 53-bit float (bias below n / 2^53, negligible).
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`nextInt needs a positive integer, got ${n}`);
    if (n > TWO_POW_21) return Math.floor(this.nextFloat() * n);
    const threshold = (TWO_POW_32 - n) % n;
    for (;;) {
      const u = this.nextUint32();
      if (Math.imul(u, n) >>> 0 >= threshold) return Math.floor((u * n) / TWO_POW_32);
    }
  }

  /**
   * `draws` times nextInt(counts.length), adding 1 to counts[index] each time: exactly the
   * same stream as calling nextInt, with the generator state in locals because resampling
   * makes billions of draws.
   */
  addUniformCounts(counts: Uint32Array, draws: number): void {
    const n = counts.length;
    if (n === 0) throw new RangeError('addUniformCounts needs a non-empty counts array');
    if (n > TWO_POW_21) {
      for (let i = 0; i < draws; i++) counts[this.nextInt(n)]!++;
      return;
    }
    const threshold = (TWO_POW_32 - n) % n;
    let { s0, s1, s2, s3 } = this;
    for (let i = 0; i < draws; ) {
      const u = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      if (Math.imul(u, n) >>> 0 < threshold) continue;
      counts[Math.floor((u * n) / TWO_POW_32)]!++;
      i++;
    }
    Object.assign(this, { s0, s1, s2, s3 });
  }
}

/**
 * Statistics cost (informational: DESIGN.md sets no target for it): describeSamples, the
 * bootstrap intervals `compare` and the report use, and Mann-Whitney U, on synthetic latencies.
 * Resampling is O(n) per resample, so the bootstrap grows as n x 2000.
 */
import { bootstrapCIs, bootstrapImprovement, DEFAULT_RESAMPLES } from '../stats/bootstrap.js';
import { describeSamples } from '../stats/descriptive.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { Xoshiro128 } from '../stats/random.js';
import type { Bench, BenchOptions, BenchResult } from './types.js';

const SIZES = [1_000, 10_000];
const FULL_SIZES = [100_000, 1_000_000];

/** Latencies around 1.5 s with a right skew, the same every run. */
function latencies(n: number, seed: number): number[] {
  const rng = new Xoshiro128(seed);
  return Array.from({ length: n }, () => 1500 * Math.exp(0.25 * (rng.nextFloat() + rng.nextFloat() + rng.nextFloat() - 1.5)));
}

function seconds(f: () => unknown): string {
  const start = process.hrtime.bigint();
  f();
  return (Number(process.hrtime.bigint() - start) / 1e9).toFixed(3);
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const rows: string[][] = [];
  for (const n of options.full ? [...SIZES, ...FULL_SIZES] : SIZES) {
    options.log(`stats: n = ${n}`);
    const base = latencies(n, 1);
    const cand = latencies(n, 2).map((x) => x * 0.85);
    rows.push([
      String(n),
      seconds(() => describeSamples(base)),
      seconds(() => bootstrapCIs(base, ['mean', 'median', 'p95'])),
      seconds(() => bootstrapImprovement(base, cand, 'mean', 'lower-is-better')),
      seconds(() => mannWhitneyU(base, cand)),
    ]);
  }
  return {
    title: `statistics on n latencies (seconds; bootstrap ${DEFAULT_RESAMPLES} resamples)`,
    headers: ['n', 'describeSamples', 'bootstrap mean+median+p95', 'bootstrap improvement', 'Mann-Whitney U'],
    rows,
    targetMet: true,
    notes: ['no DESIGN.md target: informational', ...(options.full ? [] : ['--full adds n = 100,000 and 1,000,000 (minutes)'])],
  };
}

export const bench: Bench = { name: 'stats', run };

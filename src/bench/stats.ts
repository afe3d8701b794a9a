/**
 * Statistics (issue target): descriptive statistics and confidence intervals of 1,000,000
 * samples in under 1 s. Runs the report's computations on synthetic latencies: describeSamples,
 * the intervals of mean, median and p95, the interval of an improvement, and Mann-Whitney U.
 * From ASYMPTOTIC_MIN_N samples on, intervals are asymptotic; below, bootstrapped.
 */
import { ASYMPTOTIC_MIN_N, bootstrapCIs, bootstrapImprovement, DEFAULT_RESAMPLES } from '../stats/bootstrap.js';
import { describeSamples } from '../stats/descriptive.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { Xoshiro128 } from '../stats/random.js';
import type { Bench, BenchOptions, BenchResult } from './types.js';

const SIZES = [1_000, 10_000, 1_000_000];
const TARGET_N = 1_000_000;
const TARGET_S = 1;

/** Latencies around 1.5 s with a right skew, the same every run. */
function latencies(n: number, seed: number): number[] {
  const rng = new Xoshiro128(seed);
  return Array.from({ length: n }, () => 1500 * Math.exp(0.25 * (rng.nextFloat() + rng.nextFloat() + rng.nextFloat() - 1.5)));
}

function timed(f: () => unknown): number {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const rows: string[][] = [];
  let met = true;
  for (const n of SIZES) {
    options.log(`stats: n = ${n}`);
    const base = latencies(n, 1);
    const cand = latencies(n, 2).map((x) => x * 0.85);
    const describe = timed(() => describeSamples(base));
    const cis = timed(() => bootstrapCIs(base, ['mean', 'median', 'p95']));
    const improvement = timed(() => bootstrapImprovement(base, cand, 'mean', 'lower-is-better'));
    const mw = timed(() => mannWhitneyU(base, cand));
    const statsTotal = describe + cis;
    if (n === TARGET_N) met = statsTotal < TARGET_S;
    rows.push([
      String(n),
      n >= ASYMPTOTIC_MIN_N ? 'asymptotic' : `bootstrap x${DEFAULT_RESAMPLES}`,
      describe.toFixed(3),
      cis.toFixed(3),
      statsTotal.toFixed(3),
      improvement.toFixed(3),
      mw.toFixed(3),
    ]);
  }
  return {
    title: 'statistics of n latencies (seconds)',
    headers: ['n', 'intervals', 'describeSamples', 'CIs mean+median+p95', 'stats total', 'improvement CI', 'Mann-Whitney U'],
    rows,
    targetMet: met,
    notes: [`target: stats total (describeSamples + CIs) of ${TARGET_N.toLocaleString('en-US')} samples under ${TARGET_S} s`],
  };
}

export const bench: Bench = { name: 'stats', run };

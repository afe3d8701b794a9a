import { assertFiniteSamples } from './bootstrap.js';
import { sortedView } from './descriptive.js';

/**
 * Mann-Whitney U test, two-sided, normal approximation with tie correction and continuity
 * correction. Equals `scipy.stats.mannwhitneyu(x, y, method='asymptotic',
 * use_continuity=True, alternative='two-sided')`: U1 = R1 - n1(n1+1)/2 with average ranks,
 * U = max(U1, n1 n2 - U1), z = (U - n1 n2 / 2 - 0.5) / s with
 * s = sqrt(n1 n2 / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1)))), p = 2 * P(Z > z) clipped to
 * [0, 1]. When every value is tied, s = 0 and p = 1 (scipy gives the same).
 */

export interface MannWhitneyResult {
  /** U of the first sample (scipy's `statistic`). */
  u: number;
  /** Standardised statistic; null when every value is tied (no variance). */
  z: number | null;
  pValue: number;
  n1: number;
  n2: number;
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  if (x.length === 0 || y.length === 0) throw new RangeError('Mann-Whitney U needs at least one value in each sample');
  assertFiniteSamples(x, 'x');
  assertFiniteSamples(y, 'y');
  const n1 = x.length;
  const n2 = y.length;
  const n = n1 + n2;
  const { rankSumX, tieTerm } = rankSumAndTies(x, y);
  const u1 = rankSumX - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const numerator = u - (n1 * n2) / 2 - 0.5;
  if (!(s > 0)) return { u: u1, z: null, pValue: 1, n1, n2 };
  const z = numerator / s;
  return { u: u1, z, pValue: Math.min(1, Math.max(0, 2 * normalSf(z))), n1, n2 };
}

/**
 * Sum of the average ranks (1-based) of x in x ++ y, and sum(t^3 - t) over tie groups. Both
 * samples are sorted as typed arrays and merged, tie group by tie group: O(n log n) without a
 * comparator sort, and exact (ranks are half-integers, their sums stay exact below 2^53).
 */
function rankSumAndTies(x: readonly number[], y: readonly number[]): { rankSumX: number; tieTerm: number } {
  const xs = sortedView(x);
  const ys = sortedView(y);
  let i = 0;
  let j = 0;
  let below = 0;
  let rankSumX = 0;
  let tieTerm = 0;
  while (i < xs.length || j < ys.length) {
    const v = j >= ys.length || (i < xs.length && xs[i]! <= ys[j]!) ? xs[i]! : ys[j]!;
    let cx = 0;
    let cy = 0;
    while (i < xs.length && xs[i] === v) {
      i++;
      cx++;
    }
    while (j < ys.length && ys[j] === v) {
      j++;
      cy++;
    }
    const t = cx + cy;
    rankSumX += cx * (below + (t + 1) / 2);
    tieTerm += t * t * t - t;
    below += t;
  }
  return { rankSumX, tieTerm };
}

/** P(Z > z) for a standard normal Z. */
export function normalSf(z: number): number {
  return 0.5 * erfcScaled(z);
}

/** erfc(z / sqrt(2)), with exp(-z^2 / 2) computed from z itself to avoid rounding sqrt(2). */
function erfcScaled(z: number): number {
  if (z < 0) return 2 - erfcScaled(-z);
  const x = z / Math.SQRT2;
  if (x < 1.5) return 1 - erfSeries(x, Math.exp(-(z * z) / 2));
  return (Math.exp(-(z * z) / 2) / Math.sqrt(Math.PI)) / erfcContinuedFraction(x);
}

/**
 * erf(x) = 2/sqrt(pi) e^(-x^2) sum_k (2x^2)^k x / (1*3*...*(2k+1)): all terms positive, so no
 * cancellation; used below x = 1.5 where it converges in a few dozen terms.
 */
function erfSeries(x: number, expNegX2: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
    term *= twoX2 / (2 * k + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * expNegX2 * sum;
}

/**
 * The continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), evaluated with the modified
 * Lentz method; erfc(x) = e^(-x^2) / (sqrt(pi) * it). Converges quickly for x >= 1.5.
 */
function erfcContinuedFraction(x: number): number {
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = 1 / (x + a * d);
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

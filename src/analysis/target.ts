import type { CompareResult } from '../stats/compare.js';

/**
 * The one rule that decides an improvement target, used by `compare --target`, the report's
 * comparison and the profile's `compare` requirement (docs/architecture.md, "Targets").
 *
 * - the improvement is below the target: not met;
 * - reached, with a 95% CI that includes 0: not met (the change may be noise);
 * - reached, without a CI (no per-request samples on a side): met when the target does not
 *   require significance, else cannot tell;
 * - reached and significant: met.
 * A target that cannot be evaluated at all (a side or the metric missing) is `cannot-tell` with
 * the reason, never an exception.
 */
export type TargetState = 'met' | 'not-met' | 'cannot-tell';

export interface Target {
  metric: string;
  improvementPct: number;
  /** Require the bootstrap CI to exclude 0 (and so per-request samples on both sides). */
  significant: boolean;
}

export interface TargetDecision {
  state: TargetState;
  /** Why, as a code the documents put in words: reached, below-target, ci-includes-zero, no-samples, unavailable. */
  basis: 'reached' | 'below-target' | 'ci-includes-zero' | 'no-samples' | 'unavailable';
  /** A sentence saying why (always present, also when met). */
  reason: string;
}

/** Improvements this close below the target (percentage points) still meet it: float noise. */
const TARGET_EPSILON = 1e-9;

const pct = (x: number) => `${x.toFixed(2)}%`;

export function decideTarget(result: Pick<CompareResult, 'improvementPct' | 'ci95' | 'significant'>, target: Target): TargetDecision {
  const reached = result.improvementPct >= target.improvementPct - TARGET_EPSILON;
  const ci = result.ci95 ? `95% CI [${result.ci95.map(pct).join(', ')}]` : undefined;
  if (!reached) return { state: 'not-met', basis: 'below-target', reason: `${target.metric} improved ${pct(result.improvementPct)}${ci ? ` (${ci})` : ''}, below the target ${pct(target.improvementPct)}` };
  if (result.significant === false) return { state: 'not-met', basis: 'ci-includes-zero', reason: `${target.metric} improved ${pct(result.improvementPct)} but the ${ci} includes 0` };
  if (result.significant === null && target.significant) {
    return { state: 'cannot-tell', basis: 'no-samples', reason: `${target.metric} improved ${pct(result.improvementPct)}, but significance needs per-request samples on both sides` };
  }
  return { state: 'met', basis: 'reached', reason: `${target.metric} improved ${pct(result.improvementPct)} >= ${pct(target.improvementPct)}${ci ? `, ${ci}` : ''}` };
}

/** A target that cannot be evaluated (missing side, unknown metric): the reason as a decision. */
export function cannotTell(reason: string): TargetDecision {
  return { state: 'cannot-tell', basis: 'unavailable', reason };
}

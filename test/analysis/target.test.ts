import { describe, expect, it } from 'vitest';
import { decideTarget } from '../../src/analysis/target.js';
import { compare } from '../../src/stats/compare.js';

const target = { metric: 'e2el.mean', improvementPct: 20, significant: true };

describe('one rule decides a target (compare --target, the report, the profile)', () => {
  it.each([
    ['below the target', { improvementPct: 10, ci95: [5, 15] as [number, number], significant: true }, target, 'not-met', 'below-target'],
    ['reached, CI includes 0', { improvementPct: 25, ci95: [-2, 50] as [number, number], significant: false }, target, 'not-met', 'ci-includes-zero'],
    ['reached, no samples, significance required', { improvementPct: 25, ci95: null, significant: null }, target, 'cannot-tell', 'no-samples'],
    ['reached, no samples, significance not required', { improvementPct: 25, ci95: null, significant: null }, { ...target, significant: false }, 'met', 'reached'],
    ['reached and significant', { improvementPct: 24, ci95: [21, 27] as [number, number], significant: true }, target, 'met', 'reached'],
    ['a hair below by float noise', { improvementPct: 20 - 1e-12, ci95: [19, 21] as [number, number], significant: true }, target, 'met', 'reached'],
  ])('%s', (_name, result, t, state, basis) => {
    const d = decideTarget(result, t);
    expect(d.state).toBe(state);
    expect(d.basis).toBe(basis);
    expect(d.reason).toContain('e2el.mean');
  });

  it('compare() states targetMet with the same rule (significance when measurable)', () => {
    const base = Array.from({ length: 40 }, (_, i) => 500 + (i % 7) * 3);
    const cand = base.map((x) => x * 0.7);
    expect(compare(base, cand, { metric: 'e2el.mean', direction: 'lower-is-better', targetPct: 20 }).targetMet).toBe(true);
    expect(compare({ value: 500 }, { value: 450 }, { metric: 'e2el.mean', direction: 'lower-is-better', targetPct: 5 }).targetMet).toBe(true);
    expect(compare({ value: 500 }, { value: 490 }, { metric: 'e2el.mean', direction: 'lower-is-better', targetPct: 5 }).targetMet).toBe(false);
  });
});

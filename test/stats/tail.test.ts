import { describe, expect, it } from 'vitest';
import { isTailAnomalous, tailRecheck, tailSummary } from '../../src/stats/tail.js';

describe('tail rule p95 > 3 x p50', () => {
  it('is strict', () => {
    expect(isTailAnomalous({ p50: 1500, p95: 4500 })).toBe(false);
    expect(isTailAnomalous({ p50: 1500, p95: 4500.1 })).toBe(true);
  });

  it('gives no ratio for a non-positive p50', () => {
    expect(tailSummary({ p50: 0, p95: 3 })).toEqual({ p50: 0, p95: 3, ratio: null });
  });
});

describe('tailRecheck', () => {
  // The flagged cell of coldStartMs: np.percentile(x, [50, 95]) = 1505.0, 5156.459999999993.
  const flagged = { p50: 1505.0, p95: 5156.459999999993 };

  it('a clean re-check does not reproduce the anomaly', () => {
    const r = tailRecheck(flagged, { p50: 1498.2, p95: 1561.0 }, { flagged: { max_num_seqs: 8, num_prompts: 10 }, recheck: { max_num_seqs: 8, num_prompts: 100 } });
    expect(r.reproduced).toBe(false);
    expect(r.flagged.ratio).toBeCloseTo(3.4262192691029854, 12);
    expect(r.reason).toBe(
      're-check p95/p50 = 1.04 <= 3 (flagged run: p95/p50 = 3.43): the tail anomaly did not reproduce; the runs differ in num_prompts (10 vs 100)',
    );
    expect(r.paramsDiffer).toEqual([{ name: 'num_prompts', flagged: 10, recheck: 100 }]);
  });

  it('an anomalous re-check reproduces it', () => {
    const r = tailRecheck(flagged, { p50: 1500, p95: 6000 });
    expect(r).toMatchObject({ reproduced: true, recheck: { p50: 1500, p95: 6000, ratio: 4 }, paramsDiffer: [] });
    expect(r.reason).toBe('re-check p95/p50 = 4.00 > 3: the tail anomaly reproduced');
  });

  it('says when the flagged run was not anomalous itself', () => {
    expect(tailRecheck({ p50: 100, p95: 200 }, { p50: 100, p95: 150 }).reason).toMatch(/flagged run itself is not anomalous/);
  });
});

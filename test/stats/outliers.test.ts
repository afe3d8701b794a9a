import { describe, expect, it } from 'vitest';
import { modifiedZOutliers } from '../../src/stats/outliers.js';
import { coldStartMs } from './samples.js';

/*
 * Expected values from numpy: m = np.median(x); mad = np.median(np.abs(x - m));
 * z = 0.6745 * (x - m) / mad; flagged where |z| > 3.5.
 */
describe('modifiedZOutliers', () => {
  it('flags the cold start of a matrix cell', () => {
    const r = modifiedZOutliers(coldStartMs);
    expect(r.median).toBe(1505.0);
    expect(r.mad).toBeCloseTo(12.799999999999955, 9);
    expect(r.outliers).toHaveLength(1);
    expect(r.outliers[0]).toMatchObject({ index: 0, value: 8123.4 });
    expect(r.outliers[0]!.score).toBeCloseTo(348.7586562500012, 6);
  });

  it('flags unusually fast requests too, in input order', () => {
    const xs = [1502.1, 1488.7, 1530.2, 1495.0, 310.5, 1511.8, 1479.3, 1520.6, 1498.4, 1507.9, 1650.0];
    const r = modifiedZOutliers(xs);
    expect(r.median).toBe(1502.1);
    expect(r.mad).toBeCloseTo(13.399999999999864, 9);
    expect(r.outliers.map((o) => o.index)).toEqual([4, 10]);
    expect(r.outliers[0]!.score).toBeCloseTo(-59.98016417910508, 6);
    expect(r.outliers[1]!.score).toBeCloseTo(7.4446679104478415, 6);
  });

  it('flags nothing when MAD is 0, and says so', () => {
    const r = modifiedZOutliers([100, 100, 100, 100, 250]);
    expect(r).toMatchObject({ median: 100, mad: 0, outliers: [] });
    expect(r.note).toMatch(/MAD is 0/);
  });

  it('handles no values', () => {
    expect(modifiedZOutliers([])).toMatchObject({ median: null, mad: null, outliers: [] });
  });
});

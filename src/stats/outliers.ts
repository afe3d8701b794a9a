import { percentileSorted, sortedCopy } from './descriptive.js';

/**
 * Outliers by the modified z-score of Iglewicz and Hoaglin: M = 0.6745 (x - median) / MAD with
 * MAD = median(|x - median|) (numpy medians), flagged when |M| > 3.5, so unusually fast
 * requests are listed as well as slow ones. When MAD is 0 (more than half the values equal the
 * median) the score is undefined and nothing is flagged; `note` says so.
 */

export const MODIFIED_Z_FACTOR = 0.6745;
export const MODIFIED_Z_THRESHOLD = 3.5;

export interface Outlier {
  /** Position in the input (request order). */
  index: number;
  value: number;
  score: number;
}

export interface OutlierResult {
  /** null only for no values. */
  median: number | null;
  mad: number | null;
  threshold: number;
  /** In input order. */
  outliers: Outlier[];
  note?: string;
}

function median(xs: ArrayLike<number>): number {
  return percentileSorted(sortedCopy(xs), 50);
}

export function modifiedZOutliers(values: readonly number[]): OutlierResult {
  const threshold = MODIFIED_Z_THRESHOLD;
  if (values.length === 0) return { median: null, mad: null, threshold, outliers: [], note: 'no values' };
  const med = median(values);
  const mad = median(values.map((x) => Math.abs(x - med)));
  if (mad === 0) {
    return { median: med, mad, threshold, outliers: [], note: 'MAD is 0 (most values equal the median): modified z-scores are undefined, nothing flagged' };
  }
  const outliers: Outlier[] = [];
  values.forEach((value, index) => {
    const score = (MODIFIED_Z_FACTOR * (value - med)) / mad;
    if (Math.abs(score) > threshold) outliers.push({ index, value, score });
  });
  return { median: med, mad, threshold, outliers };
}

import type { MetricStats } from '../records.js';
import { describeSamples, percentileSorted, sortedCopy } from './descriptive.js';

/**
 * Cold start: the first request of a run is a cold start when it took more than 3x the median
 * (numpy) of the other requests. Judged only with at least 3 requests (so "the others" have a
 * median of two or more values) and a positive median of the others.
 */

export const COLD_START_FACTOR = 3;
export const COLD_START_MIN_REQUESTS = 3;

export interface ColdStart {
  index: number;
  valueMs: number;
  /** First request / median of the others. */
  ratio: number;
}

export interface ColdStartResult {
  coldStart: ColdStart | null;
  /** Statistics without the cold start (all requests when there is none); null when empty. */
  steady: MetricStats | null;
}

/** `samplesMs` in request order. */
export function detectColdStart(samplesMs: readonly number[]): ColdStartResult {
  const all = (): MetricStats | null => (samplesMs.length ? describeSamples(samplesMs) : null);
  if (samplesMs.length < COLD_START_MIN_REQUESTS) return { coldStart: null, steady: all() };
  const rest = samplesMs.slice(1);
  const medianRest = percentileSorted(sortedCopy(rest), 50);
  const first = samplesMs[0]!;
  if (!(medianRest > 0) || !(first > COLD_START_FACTOR * medianRest)) return { coldStart: null, steady: all() };
  return { coldStart: { index: 0, valueMs: first, ratio: first / medianRest }, steady: describeSamples(rest) };
}

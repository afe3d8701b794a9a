import { describe, expect, it } from 'vitest';
import { detectColdStart } from '../../src/stats/cold-start.js';
import { coldStartMs } from './samples.js';

describe('detectColdStart', () => {
  it('flags an 8 s first request and describes the rest', () => {
    const r = detectColdStart(coldStartMs);
    // numpy: np.median(x[1:]) = 1502.1; 8123.4 / 1502.1 = 5.408028759736369.
    expect(r.coldStart).toEqual({ index: 0, valueMs: 8123.4, ratio: 5.408028759736369 });
    // numpy on x[1:]: mean, np.std (ddof 0), np.percentile 50/90/95/99, min, max.
    expect(r.steady).toMatchObject({ n: 9, p50: 1502.1, p90: 1522.52, p95: 1526.36, p99: 1529.432, min: 1479.3, max: 1530.2 });
    expect(r.steady!.mean).toBeCloseTo(1503.7777777777778, 9);
    expect(r.steady!.std).toBeCloseTo(14.898752951377265, 9);
    expect(r.steady!.samples).toEqual(coldStartMs.slice(1));
  });

  it('keeps every request when the first is at most 3x the median of the others', () => {
    const xs = [4500, 1500, 1490, 1510];
    const r = detectColdStart(xs);
    expect(r.coldStart).toBeNull();
    expect(r.steady!.n).toBe(4);
  });

  it('needs at least 3 requests and a positive median', () => {
    expect(detectColdStart([8000, 1000]).coldStart).toBeNull();
    expect(detectColdStart([5, 0, 0]).coldStart).toBeNull();
    expect(detectColdStart([])).toEqual({ coldStart: null, steady: null });
  });

  it('only the first request can be a cold start', () => {
    expect(detectColdStart([1500, 8000, 1490, 1510]).coldStart).toBeNull();
  });
});

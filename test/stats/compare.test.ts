import { describe, expect, it } from 'vitest';
import type { ServingBenchmark } from '../../src/records.js';
import { compare, resolveMetric } from '../../src/stats/compare.js';
import { describeSamples } from '../../src/stats/descriptive.js';
import { baselineMs, candidateMs } from './samples.js';

function record(samples: number[], requestsPerS: number): ServingBenchmark {
  return {
    kind: 'serving-benchmark',
    tool: 'request-latencies',
    params: { max_num_seqs: 8 },
    requests: { total: samples.length, succeeded: samples.length, failed: 0 },
    throughput: { requestsPerS },
    latency: { e2el: describeSamples(samples) },
  };
}

/*
 * Expected: improvement and CI from the Python re-implementation described in
 * bootstrap.test.ts; p-value from scipy.stats.mannwhitneyu(baseline, candidate,
 * method='asymptotic', use_continuity=True, alternative='two-sided') = 4.263939503374143e-06.
 */
describe('compare with samples', () => {
  const base = resolveMetric(record(baselineMs, 0.56), 'e2el.mean');
  const cand = resolveMetric(record(candidateMs, 0.67), 'e2el.mean');

  it('gives improvement, CI, p-value and significance', () => {
    const r = compare(base, cand, { metric: 'e2el.mean', direction: base.direction, targetPct: 20 });
    expect(r).toMatchObject({
      metric: 'e2el.mean',
      baseline: 1785.78,
      improvementPct: 15.53644159228274,
      ci95: [10.632600345833891, 20.166046609032286],
      significant: true,
      targetPct: 20,
      targetMet: false,
    });
    expect(Math.abs(r.pValue! - 4.263939503374143e-6) / 4.263939503374143e-6).toBeLessThan(1e-12);
    expect(r.note).toBeUndefined();
  });

  it('meets a target it exceeds with a significant CI', () => {
    expect(compare(base, cand, { metric: 'e2el.mean', direction: 'lower-is-better', targetPct: 10 }).targetMet).toBe(true);
  });

  it('a CI that spans 0 is not significant, so no target is met', () => {
    const r = compare(baselineMs, baselineMs.slice().reverse(), { metric: 'e2el.mean', direction: 'lower-is-better', targetPct: -5 });
    expect(r.improvementPct).toBeCloseTo(0, 12);
    expect(r.ci95![0]).toBeLessThan(0);
    expect(r.ci95![1]).toBeGreaterThan(0);
    expect(r).toMatchObject({ significant: false, targetMet: false, pValue: 1 });
  });

  it('too few samples for the statistic: no CI, a note, p-value still there', () => {
    const r = compare(baselineMs.slice(0, 10), candidateMs.slice(0, 10), { metric: 'e2el.p95', direction: 'lower-is-better', targetPct: 5 });
    expect(r).toMatchObject({ ci95: null, significant: null });
    expect(r.pValue).not.toBeNull();
    expect(r.targetMet).toBe(r.improvementPct >= 5);
    expect(r.note).toBe('no confidence interval: p95 needs at least 20 baseline samples for a confidence interval, got 10');
  });

  it('notes a stated statistic that disagrees with the samples', () => {
    const r = compare({ value: 1900, samples: baselineMs }, candidateMs, { metric: 'e2el.mean', direction: 'lower-is-better' });
    expect(r.baseline).toBe(1785.78);
    expect(r.note).toMatch(/baseline states mean 1900 but its 30 samples give 1785.78/);
  });

  it('is deterministic', () => {
    const opts = { metric: 'e2el.p95', direction: 'lower-is-better' as const, targetPct: 10 };
    expect(compare(base.samples!, cand.samples!, opts)).toEqual(compare([...baselineMs], [...candidateMs], opts));
  });
});

describe('compare with stated numbers only', () => {
  it('latency 100 -> 80 ms is exactly +20% and meets a 20% target', () => {
    expect(compare({ value: 100 }, { value: 80 }, { metric: 'e2el.mean', direction: 'lower-is-better', targetPct: 20 })).toEqual({
      metric: 'e2el.mean',
      baseline: 100,
      candidate: 80,
      improvementPct: 20,
      ci95: null,
      ciMethod: null,
      pValue: null,
      significant: null,
      targetPct: 20,
      targetMet: true,
      note: 'no per-request samples for the baseline and candidate: improvement from the stated numbers, no confidence interval or p-value',
    });
  });

  it('throughput uses (c - b) / b, and no target gives null', () => {
    const b = resolveMetric(record(baselineMs, 0.5), 'throughput.requestsPerS');
    const c = resolveMetric(record(candidateMs, 0.6), 'throughput.requestsPerS');
    expect(b).toEqual({ metric: 'throughput.requestsPerS', value: 0.5, direction: 'higher-is-better' });
    const r = compare(b, c, { metric: b.metric, direction: b.direction });
    expect(r.improvementPct).toBeCloseTo(20, 12);
    expect(r).toMatchObject({ targetPct: null, targetMet: null, ci95: null });
  });

  it('refuses a zero baseline', () => {
    expect(() => compare({ value: 0 }, { value: 1 }, { metric: 'throughput.requestsPerS', direction: 'higher-is-better' })).toThrow(/baseline throughput.requestsPerS is 0/);
  });
});

describe('resolveMetric', () => {
  const rec = record(baselineMs, 0.56);

  it('returns latency statistics with samples and direction', () => {
    const r = resolveMetric(rec, 'e2el.p95');
    expect(r).toMatchObject({ metric: 'e2el.p95', value: rec.latency.e2el!.p95, direction: 'lower-is-better', statistic: 'p95' });
    expect(r.samples).toEqual(baselineMs);
    expect(resolveMetric(rec, 'e2el.std')).toEqual({ metric: 'e2el.std', value: rec.latency.e2el!.std, direction: 'lower-is-better' });
  });

  it('lists the valid names for an unknown metric', () => {
    expect(() => resolveMetric(rec, 'ttft.p99')).toThrow(
      'unknown metric "ttft.p99" for this request-latencies record; valid metrics: e2el.mean, e2el.median, e2el.std, e2el.p50, e2el.p90, e2el.p95, e2el.p99, e2el.min, e2el.max, throughput.requestsPerS',
    );
  });
});

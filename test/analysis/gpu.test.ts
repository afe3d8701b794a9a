import { describe, expect, it } from 'vitest';
import { analyseGpu, LOAD_UTIL_PCT } from '../../src/analysis/gpu.js';
import { kind as gpuKind } from '../../src/kinds/gpu-samples.js';
import { validate } from '../../src/schemas/validate.js';
import type { GpuSamples, ServingBenchmark } from '../../src/records.js';

/** 120 s at 1 Hz: idle, a 30 s load window from 40 s (with one 2 s dip inside it), idle again. */
function capture(): GpuSamples {
  const series = Array.from({ length: 120 }, (_, t) => {
    const load = t >= 40 && t < 70;
    const util = !load ? (t % 17 === 0 ? 3 : 0) : t === 55 || t === 56 ? 4 : 80 + (t % 5);
    return { tS: t, device: 0, utilPct: util, memUsedMiB: load ? 52000 + t : 51000 };
  });
  return {
    kind: 'gpu-samples',
    tool: 'gpu-jsonl',
    devices: [{ index: 0, name: 'MetaX C500', memoryTotalMiB: 65536 }],
    samples: 120,
    durationS: 119,
    utilization: { avgPct: series.reduce((s, p) => s + p.utilPct, 0) / 120, maxPct: 84 },
    memory: { peakUsedMiB: 52069, totalMiB: 65536 },
    series,
  };
}

describe('GPU utilisation within load windows', () => {
  it('finds the window from the samples and summarises in and out of it as an independent computation does', () => {
    const r = capture();
    const a = analyseGpu('gpu', r);
    expect(LOAD_UTIL_PCT).toBe(10);
    expect(a.intervalS).toBe(1);
    expect(a.windows).toEqual([{ startS: 40, endS: 70 }]);
    const inside = r.series!.filter((p) => p.tS >= 40 && p.tS < 70);
    const outside = r.series!.filter((p) => p.tS < 40 || p.tS >= 70);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(a.inLoad).toEqual({
      samples: 30,
      durationS: 30,
      avgUtilPct: mean(inside.map((p) => p.utilPct)),
      maxUtilPct: 84,
      avgMemMiB: mean(inside.map((p) => p.memUsedMiB!)),
      peakMemMiB: 52069,
    });
    expect(a.outOfLoad).toMatchObject({ samples: 90, durationS: 90, maxUtilPct: 3, peakMemMiB: 51000 });
    expect(a.outOfLoad!.avgUtilPct).toBeCloseTo(mean(outside.map((p) => p.utilPct)), 9);
  });

  it('takes the windows from the benchmark runs when both sides have wall clocks, and summarises as [start, end) of the run', () => {
    const r = { ...capture(), startedAt: '2026-04-22T14:20:00.000' };
    // A run from 14:20:38 for 35 s (38..73 s on the samples' axis) and one outside the sampling.
    const runs = [
      { id: 'formal/run', startedAt: '2026-04-22T14:20:38.000', durationS: 35 },
      { id: 'matrix/other-day', startedAt: '2026-04-21T10:00:00.000', durationS: 10 },
    ];
    const a = analyseGpu('gpu', r, runs);
    expect(a.windowSource).toBe('benchmark');
    expect(a.windowRuns).toEqual(['formal/run']);
    expect(a.windows).toEqual([{ startS: 38, endS: 73 }]);
    const inside = r.series!.filter((p) => p.tS >= 38 && p.tS < 73);
    expect(a.inLoad!.samples).toBe(inside.length);
    expect(a.inLoad!.avgUtilPct).toBeCloseTo(inside.reduce((s, p) => s + p.utilPct, 0) / inside.length, 9);
    expect(a.busyOutside).toBeUndefined();
    // Without a wall clock on the samples, the windows come from the samples.
    expect(analyseGpu('gpu', capture(), runs).windowSource).toBe('samples');
  });

  it('counts load outside the benchmark windows', () => {
    const r = { ...capture(), startedAt: '2026-04-22T14:20:00.000' };
    const a = analyseGpu('gpu', r, [{ id: 'formal/run', startedAt: '2026-04-22T14:20:40.000', durationS: 20 }]);
    expect(a.windows).toEqual([{ startS: 40, endS: 60 }]);
    expect(a.busyOutside).toBe(10);
  });

  it('no window when the GPU never reaches the load threshold', () => {
    const r = capture();
    r.series = r.series!.map((p) => ({ ...p, utilPct: Math.min(p.utilPct, 5) }));
    const a = analyseGpu('gpu', r);
    expect(a.windows).toEqual([]);
    expect(a.inLoad).toBeUndefined();
    expect(a.outOfLoad?.samples).toBe(120);
  });

  it('after bucketing at collect, a 1 s spike still opens a window and its peak is 100%', () => {
    const series = Array.from({ length: 3600 }, (_, t) => ({ tS: t, device: 0, utilPct: t === 1800 ? 100 : 0, memUsedMiB: 1000 }));
    const r: GpuSamples = { ...capture(), samples: 3600, series, utilization: { avgPct: 100 / 3600, maxPct: 100 } };
    const a = analyseGpu('gpu', gpuKind.compact!(r));
    expect(a.windows).toHaveLength(1);
    expect(a.inLoad!.maxUtilPct).toBe(100);
    expect(a.inLoad!.samples + a.outOfLoad!.samples).toBe(3600);
    // The mean over all samples survives bucketing exactly (weighted by bucket size).
    expect((a.inLoad!.avgUtilPct * a.inLoad!.samples + a.outOfLoad!.avgUtilPct * a.outOfLoad!.samples) / 3600).toBeCloseTo(100 / 3600, 6);
  });

  it('bucketing samples without a memory column (plain nvidia-smi dmon) keeps a record its schema accepts', () => {
    const series = Array.from({ length: 3600 }, (_, t) => ({ tS: t, device: 0, utilPct: t % 100 }));
    const r: GpuSamples = { ...capture(), tool: 'nvidia-smi-dmon', samples: 3600, series, memory: {}, utilization: { avgPct: 49.5, maxPct: 99 } };
    const compacted = gpuKind.compact!(r);
    expect(compacted.series!.length).toBeLessThan(3600);
    expect(compacted.series![0]!.min).toEqual({ utilPct: 0 });
    expect(validate(gpuKind.schema, compacted, 'gpu.csv')).toEqual([]);
  });
});

describe('load windows from a file holding several runs', () => {
  it('every run of the file gives its window, not only the last', async () => {
    const { analyse } = await import('../../src/analysis/index.js');
    const gpu = { ...capture(), startedAt: '2026-04-22T14:20:00.000' };
    const run = (line: number, startedAt: string) => ({
      line,
      params: { request_rate: line },
      requests: { total: 4, succeeded: 4, failed: 0 },
      durationS: 10,
      startedAt,
      throughput: { requestsPerS: 0.4 },
      latency: {},
    });
    const runs = [run(1, '2026-04-22T14:20:40.000'), run(2, '2026-04-22T14:20:55.000')];
    const { line: _line, ...last } = runs[1]!;
    const bench: ServingBenchmark = { kind: 'serving-benchmark', tool: 'vllm-bench-serve', ...last, runs };
    const entry = (id: string, role: string, record: GpuSamples | ServingBenchmark) =>
      ({ id, path: `${id}.json`, kind: record.kind, tool: record.tool, role, bytes: 1, sha256: '0', mediaType: 'application/json', storage: 'inline', source: id, valid: true, summary: {}, record }) as const;
    const manifest = { schemaVersion: '1.0', generator: { name: 'rfc-evidence', version: '0' }, rfc: { title: 't', slug: 's', project: 'p', author: 'a', date: '2026-04-22', version: 'V1' }, entries: [entry('gpu', 'profiling.gpu', gpu), entry('sweep', 'benchmark.matrix', bench)] };
    const a = await analyse(manifest as unknown as Parameters<typeof analyse>[0]);
    expect(a.gpu[0]!.windowRuns).toEqual(['sweep:1', 'sweep:2']);
    expect(a.gpu[0]!.windows).toEqual([
      { startS: 40, endS: 50 },
      { startS: 55, endS: 65 },
    ]);
  });
});

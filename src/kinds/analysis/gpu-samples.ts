import { defineAnalyser } from '../../analysis/analyser.js';
import { analyseGpu, type GpuAnalysis } from '../../analysis/gpu.js';
import type { AnalysisFacts } from '../../analysis/index.js';
import type { GpuSamples } from '../../records.js';

declare module '../../analysis/index.js' {
  interface Analysis {
    gpu: GpuAnalysis[];
  }
}

function gpuFacts(g: GpuAnalysis[]): AnalysisFacts {
  if (!g.length) return { done: false, why: 'no GPU samples', values: { windows: 0 } };
  const windows = Math.max(...g.map((x) => x.windows.length));
  const timed = g.some((x) => x.series.length >= 2);
  const why = timed ? `no load window in the GPU samples (no sample at or above ${g[0]!.loadThresholdPct}% utilisation)` : 'the GPU samples have no time series (no timestamps), so load windows cannot be found';
  return { done: windows > 0, ...(windows ? {} : { why }), values: { windows } };
}

export const analysers = [
  // Load windows come from the benchmark runs' wall-clock spans when they overlap the samples.
  defineAnalyser<GpuSamples, 'gpu', 'benchmarks'>({
    kind: 'gpu-samples',
    key: 'gpu',
    reads: ['benchmarks'],
    run: ({ entries, earlier }) => entries.map((g) => analyseGpu(g.id, g.record, earlier.benchmarks.wallClock)),
    facts: { name: 'gpu-load', of: gpuFacts },
  }),
];

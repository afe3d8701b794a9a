import { defineAnalyser } from '../../analysis/analyser.js';
import type { AnalysisFacts } from '../../analysis/index.js';
import { analyseKernels, type KernelAnalysis } from '../../analysis/kernels.js';
import type { KernelProfile } from '../../records.js';

declare module '../../analysis/index.js' {
  interface Analysis {
    kernels: KernelAnalysis[];
  }
}

function kernelFacts(k: KernelAnalysis[]): AnalysisFacts {
  if (!k.length) return { done: false, why: 'no kernel profile or trace', values: { analysed: 0 } };
  const analysed = Math.max(...k.map((x) => x.top.length));
  return { done: analysed > 0, ...(analysed ? {} : { why: 'the kernel profiles list no device kernel' }), values: { analysed, categories: Math.max(...k.map((x) => x.categories.length)) } };
}

export const analysers = [
  defineAnalyser<KernelProfile, 'kernels'>({
    kind: 'kernel-profile',
    key: 'kernels',
    reads: [],
    run: ({ entries }) => entries.map((k) => analyseKernels(k.id, k.record)),
    facts: { name: 'kernels', of: kernelFacts },
  }),
];

import { defineAnalyser } from '../../analysis/analyser.js';
import { analyseBenchmarks, type BenchmarkAnalysis } from '../../analysis/benchmarks.js';
import { evaluateProfileTarget, type ProfileTargetAnalysis } from '../../analysis/profile-target.js';
import { compareTargets } from '../../profile.js';
import type { ServingBenchmark } from '../../records.js';

declare module '../../analysis/index.js' {
  interface Analysis {
    benchmarks: BenchmarkAnalysis;
    /** The profile's compare requirements, each decided (analysis/target.ts); the first is the report's target. */
    targets: ProfileTargetAnalysis[];
  }
}

export const analysers = [
  defineAnalyser<ServingBenchmark, 'benchmarks'>({
    kind: 'serving-benchmark',
    key: 'benchmarks',
    reads: [],
    run: ({ entries, profile }) => {
      const target = profile ? compareTargets(profile)[0] : undefined;
      return analyseBenchmarks(entries, target ? { profile: profile!.name, metric: target.metric, improvementPct: target.improvementPct, significant: target.significant } : undefined);
    },
  }),
  // Each requirement names its two roles; the pair is looked up among all entries, so an invalid
  // one is reported by name rather than missing.
  defineAnalyser<ServingBenchmark, 'targets'>({
    key: 'targets',
    reads: [],
    run: ({ manifest, profile }) => (profile ? compareTargets(profile) : []).map((t) => evaluateProfileTarget(t, manifest)),
  }),
];

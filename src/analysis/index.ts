import type { ManifestEntry, Manifest } from '../evidence/manifest.js';
import type { GpuSamples, KernelProfile, NormalizedRecord, Role, ServiceLog, ServingBenchmark } from '../records.js';
import { compareTargets, type Profile } from '../profile.js';
import { analyseBenchmarks, type BenchmarkAnalysis } from './benchmarks.js';
import { analyseGpu, type GpuAnalysis } from './gpu.js';
import { analyseKernels, type KernelAnalysis } from './kernels.js';
import { analyseScheduling, type SchedulingAnalysis } from './scheduling.js';
import { analyseStartup, type StartupAnalysis } from './startup.js';
import { evaluateProfileTarget, type ProfileTargetAnalysis } from './profile-target.js';
import { analyseTraces, type TraceAnalysis } from './trace.js';

export type { BenchmarkAnalysis, GpuAnalysis, KernelAnalysis, SchedulingAnalysis, StartupAnalysis, TraceAnalysis, ProfileTargetAnalysis };

/** The analyses a profile can require (`analysis:` requirements), with the facts `where` can test. */
export type AnalysisName = 'kernels' | 'scheduling' | 'gpu-load' | 'trace';

export interface AnalysisFacts {
  /** False when the analysis could not be made; `why` says what is missing. */
  done: boolean;
  why?: string;
  values: Record<string, number | boolean>;
}

/**
 * Every number, verdict and series the documents, charts and checks show, computed once from the
 * manifest and the profile (docs/architecture.md, "Stages"). Pure: no file access, no clock, no
 * formatting; render/ formats it, checks/ judges it, compare uses the same target rule.
 */
export interface Analysis {
  benchmarks: BenchmarkAnalysis;
  gpu: GpuAnalysis[];
  kernels: KernelAnalysis[];
  scheduling?: SchedulingAnalysis;
  startup: StartupAnalysis;
  traces: TraceAnalysis[];
  /** The profile's compare requirements, each decided (analysis/target.ts); the first is the report's target. */
  targets: ProfileTargetAnalysis[];
  facts: Record<AnalysisName, AnalysisFacts>;
}

type Valid<R extends NormalizedRecord> = { id: string; role: Role; record: R; entry: ManifestEntry };

export function analyse(manifest: Manifest, profile?: Profile): Analysis {
  const valid = <R extends NormalizedRecord>(kind: R['kind']): Valid<R>[] =>
    manifest.entries.filter((e) => e.valid && e.record?.kind === kind).map((e) => ({ id: e.id, role: e.role, record: e.record as R, entry: e }));
  const targets = profile ? compareTargets(profile) : [];
  const target = targets[0];
  const benches = valid<ServingBenchmark>('serving-benchmark');
  const benchmarks = analyseBenchmarks(benches, target ? { profile: profile!.name, metric: target.metric, improvementPct: target.improvementPct, significant: target.significant } : undefined);
  // Every benchmark run that states when it started is load the GPU samples may have caught
  // (each run of a several-run file, not only its last).
  const runs = benches
    .flatMap((b): { id: string; run: Pick<ServingBenchmark, 'startedAt' | 'durationS'> }[] => b.record.runs?.map((r) => ({ id: `${b.id}:${r.line}`, run: r })) ?? [{ id: b.id, run: b.record }])
    .flatMap(({ id, run }) => (run.startedAt !== undefined && run.durationS !== undefined ? [{ id, startedAt: run.startedAt, durationS: run.durationS }] : []));
  const gpu = valid<GpuSamples>('gpu-samples').map((g) => analyseGpu(g.id, g.record, runs));
  const kernels = valid<KernelProfile>('kernel-profile').map((k) => analyseKernels(k.id, k.record));
  const logs = valid<ServiceLog>('service-log');
  const formal = benches.find((b) => b.role === 'benchmark.formal');
  const formalAnalysis = benchmarks.formal[0];
  const scheduling = analyseScheduling(logs, {
    ...(formal ? { benchParams: formal.record.params, benchId: formal.id } : {}),
    ...(formalAnalysis?.ttftSharePct !== undefined ? { ttftSharePct: formalAnalysis.ttftSharePct } : {}),
  });
  const traces = analyseTraces(manifest.entries);
  const analysis: Analysis = {
    benchmarks,
    gpu,
    kernels,
    ...(scheduling ? { scheduling } : {}),
    startup: analyseStartup(logs),
    traces,
    targets: targets.map((t) => evaluateProfileTarget(t, manifest)),
    facts: {
      kernels: kernelFacts(kernels),
      scheduling: schedulingFacts(scheduling),
      'gpu-load': gpuFacts(gpu),
      trace: traceFacts(traces),
    },
  };
  return analysis;
}

function kernelFacts(k: KernelAnalysis[]): AnalysisFacts {
  if (!k.length) return { done: false, why: 'no kernel profile or trace', values: { analysed: 0 } };
  const analysed = Math.max(...k.map((x) => x.top.length));
  return { done: analysed > 0, ...(analysed ? {} : { why: 'the kernel profiles list no device kernel' }), values: { analysed, categories: Math.max(...k.map((x) => x.categories.length)) } };
}

function schedulingFacts(s: SchedulingAnalysis | undefined): AnalysisFacts {
  if (!s) return { done: false, why: 'no service log', values: { schedulerLines: 0 } };
  const lines = s.prefillLines + s.decodeLines;
  return {
    done: lines > 0,
    ...(lines ? {} : { why: 'the service logs have no scheduler Prefill/Decode batch lines' }),
    values: { schedulerLines: lines, kvBudget: s.kv.gpuBlocks !== undefined, maxNumSeqs: s.maxNumSeqs !== undefined },
  };
}

function gpuFacts(g: GpuAnalysis[]): AnalysisFacts {
  if (!g.length) return { done: false, why: 'no GPU samples', values: { windows: 0 } };
  const windows = Math.max(...g.map((x) => x.windows.length));
  const timed = g.some((x) => x.series.length >= 2);
  const why = timed ? `no load window in the GPU samples (no sample at or above ${g[0]!.loadThresholdPct}% utilisation)` : 'the GPU samples have no time series (no timestamps), so load windows cannot be found';
  return { done: windows > 0, ...(windows ? {} : { why }), values: { windows } };
}

function traceFacts(t: TraceAnalysis[]): AnalysisFacts {
  const traces = t.filter((x) => x.trace);
  const reachable = traces.filter((x) => x.reachable).length;
  if (!traces.length) return { done: false, why: 'no profiling trace', values: { reachable: 0 } };
  return { done: reachable > 0, ...(reachable ? {} : { why: 'the trace is external and has no url' }), values: { reachable, external: traces.filter((x) => x.storage === 'external').length } };
}

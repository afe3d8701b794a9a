import type { Analysis } from '../analysis/index.js';
import type { UtilSummary } from '../analysis/gpu.js';
import { fixed } from './format.js';
import type { EntryView } from './view-model.js';

/**
 * The profiling, scheduling and start-up parts of the view: the analysis formatted (fixed
 * decimals, seconds, MiB), nothing computed. Category and call-pattern names stay codes
 * (`gemm`, `launch-bound`): the templates hold their words.
 */
interface UtilView {
  samples: number;
  durationS: string;
  avgUtilPct: string;
  maxUtilPct: string;
  avgMemMiB: string;
  peakMemMiB: number | '-';
}

export interface AnalysisViews {
  gpu?: {
    entry: EntryView;
    tool: string;
    devices: string;
    samples: number;
    durationS?: string;
    avgUtilPct: string;
    maxUtilPct: string;
    /** '-' when the samples have no memory column. */
    peakMemMiB: number | '-';
    totalMemMiB?: number;
    peakMemPct?: string;
    intervalS?: string;
    loadThresholdPct: number;
    /** `benchmark` (windows are the runs' wall-clock spans) or `samples` (utilisation at or above the threshold). */
    windowSource: 'benchmark' | 'samples';
    windowRuns?: EntryView[];
    busyOutside?: number;
    windows: { startS: string; endS: string; durationS: string }[];
    inLoad?: UtilView;
    outOfLoad?: UtilView;
    /** Duration of the formal benchmark, to set beside the load windows. */
    benchmarkDurationS?: string;
  }[];
  kernels?: {
    entry: EntryView;
    tool: string;
    /** Device kernels listed (runtime API entries apart). */
    count: number;
    totalMs: string;
    top: { rank: number; name: string; category: string; calls: number; totalMs: string; avgUs: string; pct: string; pattern: string }[];
    categories: { category: string; kernels: number; calls: number; totalMs: string; pct: string }[];
    unlistedPct?: string;
    runtime: { name: string; calls: number; totalMs: string; avgUs: string }[];
    bottleneck?: { name: string; category: string; pct: string; pattern: string };
    topCategory?: { category: string; pct: string };
  }[];
  scheduling?: {
    sources: EntryView[];
    lines: number;
    prefillLines: number;
    decodeLines: number;
    durationS?: string;
    running?: { peak: number; mean?: string };
    maxNumSeqs?: number;
    maxNumSeqsFrom?: string;
    peakOfMaxPct?: string;
    queue?: { sharePct: string; peak: number };
    kv: { peakUsagePct?: string; minFreeBlocks?: number; gpuBlocks?: number; blockSize?: number; maxRunningAtFullLength?: number; fullLength?: number };
    decode?: { meanTokPerS: string; peakTokPerS: string };
    ttftSharePct?: string;
    /** What the logs lack, so the report says what to enable. */
    missing: { schedulerLines: boolean; kvBudget: boolean; maxNumSeqs: boolean; ttft: boolean; any: boolean };
  };
  traces: { entry: EntryView; storage: 'inline' | 'external'; url?: string; reachable: boolean; trace: boolean; kernels?: number; totalMs?: string; topKernel?: string }[];
  startAttempts: { n: number; entry: EntryView; line: number; outcome: string; args: string; failure?: { code: string; line: number; message: string; entry: EntryView }; causes: { code: string; line: number; message: string; entry: EntryView }[] }[];
  /** Launch parameters of the start that succeeded (from the log's launch arguments). */
  launch?: { entry: EntryView; line: number; params: { key: string; value: string }[] };
}

/** Launch arguments shown in the attempts table (the ones that differ between attempts matter most). */
const ATTEMPT_ARGS = ['max_num_seqs', 'max_model_len', 'max_num_batched_tokens', 'gpu_memory_utilization', 'tensor_parallel_size', 'port'];

function utilView(u: UtilSummary): UtilView {
  return { samples: u.samples, durationS: fixed(u.durationS, 0), avgUtilPct: fixed(u.avgUtilPct, 1), maxUtilPct: fixed(u.maxUtilPct, 0), avgMemMiB: fixed(u.avgMemMiB, 0), peakMemMiB: u.peakMemMiB ?? '-' };
}

const ms = (us: number) => fixed(us / 1000, 3);

export function analysisViews(a: Analysis, entry: (id: string) => EntryView): AnalysisViews {
  const out: AnalysisViews = { traces: [], startAttempts: [] };
  const benchDuration = a.benchmarks.formal[0]?.durationS;
  if (a.gpu.length) {
    out.gpu = a.gpu.map((g) => {
      const r = g.record;
      const names = [...new Set(r.devices.map((d) => d.name ?? `GPU ${d.index}`))];
      return {
        entry: entry(g.id),
        tool: r.tool,
        devices: `${r.devices.length} x ${names.join(', ')}`,
        samples: r.samples,
        ...(r.durationS !== undefined ? { durationS: fixed(r.durationS, 0) } : {}),
        avgUtilPct: fixed(r.utilization.avgPct, 1),
        maxUtilPct: fixed(r.utilization.maxPct, 0),
        peakMemMiB: r.memory.peakUsedMiB ?? '-',
        ...(r.memory.totalMiB !== undefined && r.memory.peakUsedMiB !== undefined ? { totalMemMiB: r.memory.totalMiB } : {}),
        ...(g.peakMemPct !== undefined ? { peakMemPct: fixed(g.peakMemPct, 1) } : {}),
        ...(g.intervalS !== undefined ? { intervalS: fixed(g.intervalS, 1) } : {}),
        loadThresholdPct: g.loadThresholdPct,
        windowSource: g.windowSource,
        ...(g.windowRuns ? { windowRuns: g.windowRuns.map(entry) } : {}),
        ...(g.busyOutside ? { busyOutside: g.busyOutside } : {}),
        windows: g.windows.map((w) => ({ startS: fixed(w.startS, 0), endS: fixed(w.endS, 0), durationS: fixed(w.endS - w.startS, 0) })),
        ...(g.inLoad ? { inLoad: utilView(g.inLoad) } : {}),
        ...(g.outOfLoad ? { outOfLoad: utilView(g.outOfLoad) } : {}),
        ...(benchDuration !== undefined ? { benchmarkDurationS: fixed(benchDuration, 0) } : {}),
      };
    });
  }
  if (a.kernels.length) {
    out.kernels = a.kernels.map((k) => ({
      entry: entry(k.id),
      tool: k.tool,
      count: k.deviceKernels,
      totalMs: ms(k.deviceTotalUs),
      top: k.top.map((t) => ({ rank: t.rank, name: t.name, category: t.category, calls: t.calls, totalMs: ms(t.totalUs), avgUs: fixed(t.avgUs, 2), pct: fixed(t.sharePct, 2), pattern: t.pattern })),
      categories: k.categories.map((c) => ({ category: c.category, kernels: c.kernels, calls: c.calls, totalMs: ms(c.totalUs), pct: fixed(c.sharePct, 2) })),
      ...(k.unlistedPct !== undefined ? { unlistedPct: fixed(k.unlistedPct, 2) } : {}),
      runtime: k.runtime.map((r) => ({ name: r.name, calls: r.calls, totalMs: ms(r.totalUs), avgUs: fixed(r.avgUs, 2) })),
      ...(k.bottleneck ? { bottleneck: { name: k.bottleneck.name, category: k.bottleneck.category, pct: fixed(k.bottleneck.sharePct, 2), pattern: k.bottleneck.pattern } } : {}),
      ...(k.topCategory ? { topCategory: { category: k.topCategory.category, pct: fixed(k.topCategory.sharePct, 2) } } : {}),
    }));
  }
  const s = a.scheduling;
  if (s) {
    const missing = { schedulerLines: s.missing.includes('scheduler-lines'), kvBudget: s.missing.includes('kv-budget'), maxNumSeqs: s.missing.includes('max-num-seqs'), ttft: s.missing.includes('ttft') };
    out.scheduling = {
      sources: s.sources.map(entry),
      lines: s.prefillLines + s.decodeLines,
      prefillLines: s.prefillLines,
      decodeLines: s.decodeLines,
      ...(s.durationS !== undefined ? { durationS: fixed(s.durationS, 0) } : {}),
      ...(s.running ? { running: { peak: s.running.peak, ...(s.running.mean !== undefined ? { mean: fixed(s.running.mean, 2) } : {}) } } : {}),
      ...(s.maxNumSeqs ? { maxNumSeqs: s.maxNumSeqs.value, maxNumSeqsFrom: s.maxNumSeqs.from } : {}),
      ...(s.peakOfMaxPct !== undefined ? { peakOfMaxPct: fixed(s.peakOfMaxPct, 0) } : {}),
      ...(s.queue ? { queue: { sharePct: fixed(s.queue.sharePct, 1), peak: s.queue.peak } } : {}),
      kv: {
        ...(s.kv.peakUsagePct !== undefined ? { peakUsagePct: fixed(s.kv.peakUsagePct, 2) } : {}),
        ...(s.kv.minFreeBlocks !== undefined ? { minFreeBlocks: s.kv.minFreeBlocks } : {}),
        ...(s.kv.gpuBlocks !== undefined ? { gpuBlocks: s.kv.gpuBlocks } : {}),
        ...(s.kv.blockSize !== undefined ? { blockSize: s.kv.blockSize } : {}),
        ...(s.kv.maxRunningAtFullLength !== undefined ? { maxRunningAtFullLength: s.kv.maxRunningAtFullLength } : {}),
        ...(s.kv.fullLength !== undefined ? { fullLength: s.kv.fullLength } : {}),
      },
      ...(s.decode ? { decode: { meanTokPerS: fixed(s.decode.meanTokPerS, 1), peakTokPerS: fixed(s.decode.peakTokPerS, 1) } } : {}),
      ...(s.ttftSharePct !== undefined ? { ttftSharePct: fixed(s.ttftSharePct, 1) } : {}),
      missing: { ...missing, any: Object.values(missing).some(Boolean) },
    };
  }
  out.traces = a.traces.map((t) => ({
    entry: entry(t.id),
    storage: t.storage,
    ...(t.url ? { url: entry(t.id).url ?? t.url } : {}),
    reachable: t.reachable,
    trace: t.trace,
    ...(t.kernels !== undefined ? { kernels: t.kernels } : {}),
    ...(t.totalUs !== undefined ? { totalMs: ms(t.totalUs) } : {}),
    ...(t.topKernel ? { topKernel: t.topKernel } : {}),
  }));
  const event = (e: { id: string; code: string; line: number; message: string }) => ({ code: e.code, line: e.line, message: e.message, entry: entry(e.id) });
  out.startAttempts = a.startup.attempts.map((t) => ({
    n: t.n,
    entry: entry(t.id),
    line: t.line,
    outcome: t.outcome,
    args: ATTEMPT_ARGS.filter((k) => k in t.args).map((k) => `${k}=${String(t.args[k])}`).join(', ') || '-',
    ...(t.failure ? { failure: event(t.failure) } : {}),
    causes: t.causes.map(event),
  }));
  const l = a.startup.launch;
  if (l) out.launch = { entry: entry(l.id), line: l.line, params: Object.entries(l.args).map(([key, v]) => ({ key, value: String(v) })) };
  return out;
}

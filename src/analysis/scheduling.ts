import type { SchedulingPoint, ServiceLog } from '../records.js';

/**
 * Scheduling analysis from FastDeploy's logs: the scheduler's Prefill/Decode batch lines
 * (running and waiting requests, KV token usage, free blocks, decode throughput), the KV cache
 * budget (`Detected N gpu blocks`, `FastDeploy will be serving N running requests`) and
 * max_num_seqs (launch arguments in the log, else the benchmark's parameters). Figures:
 * - running: peak over every line, mean over decode lines (they are periodic: one per
 *   FD_CONSOLE_DECODE_LOG_INTERVAL steps), peak as a share of max_num_seqs;
 * - waiting: share of scheduler lines with `#queue-req` > 0, and the peak queue;
 * - KV: peak token usage, fewest free blocks;
 * - decode throughput: mean and peak of `gen throughput` over decode lines.
 * Figures are over every log's scheduler lines; the series (chart) and duration are the log
 * with the most lines, since logs share no clock origin. What the logs lack is listed in
 * `missing`, so the report can say what to enable.
 */
export type SchedulingGap = 'scheduler-lines' | 'kv-budget' | 'max-num-seqs' | 'ttft';

export interface SchedulingAnalysis {
  /** Entries whose lines were used. */
  sources: string[];
  /** The entry whose series is charted (the one with the most scheduler lines). */
  charted?: string;
  prefillLines: number;
  decodeLines: number;
  durationS?: number;
  running?: { peak: number; mean?: number };
  maxNumSeqs?: { value: number; from: string };
  peakOfMaxPct?: number;
  queue?: { sharePct: number; peak: number };
  kv: { peakUsagePct?: number; minFreeBlocks?: number; gpuBlocks?: number; blockSize?: number; maxRunningAtFullLength?: number; fullLength?: number };
  decode?: { meanTokPerS: number; peakTokPerS: number };
  /** Mean TTFT as a share of mean end-to-end latency in the formal run (from the benchmark). */
  ttftSharePct?: number;
  series: SchedulingPoint[];
  missing: SchedulingGap[];
}

type LogInput = { id: string; record: ServiceLog };

const weight = (p: SchedulingPoint) => p.n ?? 1;
const peakOf = (p: SchedulingPoint, f: 'running' | 'queued' | 'usagePct' | 'genTokPerS') => p.max?.[f] ?? p[f];

export function analyseScheduling(logs: LogInput[], context: { benchParams?: Record<string, unknown>; benchId?: string; ttftSharePct?: number }): SchedulingAnalysis | undefined {
  if (!logs.length) return undefined;
  const withLines = logs.filter((l) => l.record.scheduling?.series.length);
  const series = withLines.flatMap((l) => l.record.scheduling!.series);
  const primary = withLines.reduce<LogInput | undefined>((best, l) => (!best || l.record.scheduling!.series.length > best.record.scheduling!.series.length ? l : best), undefined);
  const chart = primary?.record.scheduling!.series ?? [];
  const decode = series.filter((p) => p.phase === 'decode');
  const events = logs.flatMap((l) => l.record.events.map((e) => ({ ...e, id: l.id })));
  const last = <T>(xs: T[]) => xs[xs.length - 1];
  const blocks = last(events.filter((e) => e.code === 'kv.gpu-blocks'));
  const maxRunning = last(events.filter((e) => e.code === 'serving.max-running'));
  const args = last(events.filter((e) => e.code === 'launch.args' && typeof e.data?.['max_num_seqs'] === 'number'));
  const benchSeqs = context.benchParams?.['max_num_seqs'];
  const maxNumSeqs = args
    ? { value: args.data!['max_num_seqs'] as number, from: `${args.id}:${args.line}` }
    : typeof benchSeqs === 'number' && context.benchId
      ? { value: benchSeqs, from: context.benchId }
      : undefined;
  const lines = withLines.reduce((s, l) => s + l.record.scheduling!.prefillLines + l.record.scheduling!.decodeLines, 0);
  const queuedLines = withLines.reduce((s, l) => s + l.record.scheduling!.queuedLines, 0);
  const usage = series.filter((p) => p.usagePct !== undefined);
  const free = series.filter((p) => p.freeBlocks !== undefined);
  const gen = decode.filter((p) => p.genTokPerS !== undefined);
  const decodeN = decode.reduce((s, p) => s + weight(p), 0);
  const genN = gen.reduce((s, p) => s + weight(p), 0);
  const running = series.length
    ? { peak: Math.max(...series.map((p) => peakOf(p, 'running')!)), ...(decodeN ? { mean: decode.reduce((s, p) => s + p.running * weight(p), 0) / decodeN } : {}) }
    : undefined;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const kv = {
    ...(usage.length ? { peakUsagePct: Math.max(...usage.map((p) => peakOf(p, 'usagePct')!)) } : {}),
    ...(free.length ? { minFreeBlocks: Math.min(...free.map((p) => p.min?.freeBlocks ?? p.freeBlocks!)) } : {}),
    ...(num(blocks?.data?.['gpuBlocks']) !== undefined ? { gpuBlocks: num(blocks!.data!['gpuBlocks'])! } : {}),
    ...(num(blocks?.data?.['blockSize']) !== undefined ? { blockSize: num(blocks!.data!['blockSize'])! } : {}),
    ...(num(maxRunning?.data?.['requests']) !== undefined ? { maxRunningAtFullLength: num(maxRunning!.data!['requests'])! } : {}),
    ...(num(maxRunning?.data?.['maxLength']) !== undefined ? { fullLength: num(maxRunning!.data!['maxLength'])! } : {}),
  };
  const missing: SchedulingGap[] = [];
  if (!series.length) missing.push('scheduler-lines');
  if (kv.gpuBlocks === undefined) missing.push('kv-budget');
  if (!maxNumSeqs) missing.push('max-num-seqs');
  if (context.ttftSharePct === undefined) missing.push('ttft');
  const times = chart.map((p) => p.tS);
  return {
    sources: withLines.map((l) => l.id),
    ...(primary ? { charted: primary.id } : {}),
    prefillLines: withLines.reduce((s, l) => s + l.record.scheduling!.prefillLines, 0),
    decodeLines: withLines.reduce((s, l) => s + l.record.scheduling!.decodeLines, 0),
    ...(times.length > 1 ? { durationS: Math.max(...times) - Math.min(...times) } : {}),
    ...(running ? { running } : {}),
    ...(maxNumSeqs ? { maxNumSeqs } : {}),
    ...(running && maxNumSeqs && maxNumSeqs.value > 0 ? { peakOfMaxPct: (100 * running.peak) / maxNumSeqs.value } : {}),
    ...(lines ? { queue: { sharePct: (100 * queuedLines) / lines, peak: Math.max(...series.map((p) => peakOf(p, 'queued')!)) } } : {}),
    kv,
    ...(genN ? { decode: { meanTokPerS: gen.reduce((s, p) => s + p.genTokPerS! * weight(p), 0) / genN, peakTokPerS: Math.max(...gen.map((p) => peakOf(p, 'genTokPerS')!)) } } : {}),
    ...(context.ttftSharePct !== undefined ? { ttftSharePct: context.ttftSharePct } : {}),
    series: chart,
    missing,
  };
}

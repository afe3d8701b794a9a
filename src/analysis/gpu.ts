import type { GpuPoint, GpuSamples } from '../records.js';
import { parseWallClock } from '../util/wall-clock.js';

/**
 * GPU utilisation within load. Load windows come from the benchmarks when their start and
 * duration and the samples' start are wall clocks (util/wall-clock.ts): each run that overlaps
 * the sampling is a window (overlapping runs merge). Otherwise they come from the samples
 * themselves: a time point is loaded when a device's utilisation (a bucket's maximum) reaches
 * LOAD_UTIL_PCT; loaded points closer than the merge gap (3 sampling intervals, at least
 * MIN_GAP_S) form one window, from its first loaded point to one interval past its last.
 * Utilisation and memory are then summarised in the windows and outside them, weighted by
 * samples per point.
 */
export const LOAD_UTIL_PCT = 10;
const MIN_GAP_S = 5;

export interface Window {
  startS: number;
  endS: number;
}

export interface UtilSummary {
  samples: number;
  durationS: number;
  avgUtilPct: number;
  maxUtilPct: number;
  /** Absent when the samples carry no memory. */
  avgMemMiB?: number;
  peakMemMiB?: number;
}

export interface GpuAnalysis {
  id: string;
  record: Pick<GpuSamples, 'tool' | 'devices' | 'samples' | 'durationS' | 'utilization' | 'memory'>;
  /** Peak memory as a share of the device memory, when the total is known. */
  peakMemPct?: number;
  /** Sampling interval (median gap between consecutive times), when there are two or more. */
  intervalS?: number;
  /** The utilisation at which a point counts as loaded (LOAD_UTIL_PCT). */
  loadThresholdPct: number;
  /** Where the windows come from: the benchmark runs' wall clocks, or the samples. */
  windowSource: 'benchmark' | 'samples';
  /** With `benchmark`: the runs that gave windows. */
  windowRuns?: string[];
  windows: Window[];
  inLoad?: UtilSummary;
  outOfLoad?: UtilSummary;
  /** Samples outside the benchmark windows at or above the load threshold (sampler clock offset, utilisation averaged over the past period, or load the runs do not cover). */
  busyOutside?: number;
  /** Points as the manifest keeps them (bucketed at collect when long), for the chart. */
  series: GpuPoint[];
}

/** A benchmark run in wall-clock time. */
export interface LoadRun {
  id: string;
  startedAt: string;
  durationS: number;
}

export function analyseGpu(id: string, record: GpuSamples, runs: readonly LoadRun[] = []): GpuAnalysis {
  const series = record.series ?? [];
  const { tool, devices, samples, durationS, utilization, memory } = record;
  const peakMemPct = memory.totalMiB && memory.peakUsedMiB !== undefined ? (100 * memory.peakUsedMiB) / memory.totalMiB : undefined;
  const base = { id, loadThresholdPct: LOAD_UTIL_PCT, windowSource: 'samples' as const, ...(peakMemPct !== undefined ? { peakMemPct } : {}), record: { tool, devices, samples, ...(durationS !== undefined ? { durationS } : {}), utilization, memory }, series };
  const times = [...new Set(series.map((p) => p.tS))].sort((a, b) => a - b);
  if (times.length < 2) return { ...base, windows: [] };
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
  const intervalS = gaps[Math.floor((gaps.length - 1) / 2)]!;
  const fromRuns = runWindows(record, runs, times[0]!, times.at(-1)! + intervalS);
  const windows: Window[] = fromRuns ? fromRuns.windows : sampleWindows(series, times, intervalS);
  const inside = (t: number) => windows.some((w) => t >= w.startS && t < w.endS);
  const summary = (points: GpuPoint[], spanS: number): UtilSummary | undefined => {
    if (!points.length) return undefined;
    const n = points.reduce((s, p) => s + (p.n ?? 1), 0);
    const withMem = points.filter((p) => p.memUsedMiB !== undefined);
    const memN = withMem.reduce((s, p) => s + (p.n ?? 1), 0);
    return {
      samples: n,
      durationS: spanS,
      avgUtilPct: points.reduce((s, p) => s + p.utilPct * (p.n ?? 1), 0) / n,
      maxUtilPct: Math.max(...points.map((p) => p.max?.utilPct ?? p.utilPct)),
      ...(memN
        ? {
            avgMemMiB: withMem.reduce((s, p) => s + p.memUsedMiB! * (p.n ?? 1), 0) / memN,
            peakMemMiB: Math.max(...withMem.map((p) => p.max?.memUsedMiB ?? p.memUsedMiB!)),
          }
        : {}),
    };
  };
  const inLoadS = windows.reduce((s, w) => s + (w.endS - w.startS), 0);
  const totalS = times.at(-1)! - times[0]! + intervalS;
  const inLoad = summary(series.filter((p) => inside(p.tS)), inLoadS);
  const outOfLoad = summary(series.filter((p) => !inside(p.tS)), Math.max(0, totalS - inLoadS));
  const busyOutside = fromRuns ? series.filter((p) => !inside(p.tS) && (p.max?.utilPct ?? p.utilPct) >= LOAD_UTIL_PCT).reduce((s, p) => s + (p.n ?? 1), 0) : 0;
  return {
    ...base,
    ...(fromRuns ? { windowSource: 'benchmark' as const, windowRuns: fromRuns.ids } : {}),
    ...(busyOutside ? { busyOutside } : {}),
    intervalS,
    windows,
    ...(inLoad ? { inLoad } : {}),
    ...(outOfLoad ? { outOfLoad } : {}),
  };
}

/** Windows of the benchmark runs that overlap the sampling, on the samples' time axis; undefined when none can be placed. */
function runWindows(record: GpuSamples, runs: readonly LoadRun[], firstS: number, endS: number): { windows: Window[]; ids: string[] } | undefined {
  const origin = record.startedAt !== undefined ? parseWallClock(record.startedAt) : undefined;
  if (origin === undefined) return undefined;
  const placed = runs
    .map((r) => ({ id: r.id, start: parseWallClock(r.startedAt) }))
    .filter((r): r is { id: string; start: number } => r.start !== undefined)
    .map((r, i) => {
      const startS = (r.start - origin) / 1000 + firstS;
      return { id: r.id, startS: Math.max(firstS, startS), endS: Math.min(endS, startS + runs[i]!.durationS) };
    })
    .filter((w) => w.endS > w.startS)
    .sort((a, b) => a.startS - b.startS);
  if (!placed.length) return undefined;
  const windows: Window[] = [];
  for (const w of placed) {
    const last = windows.at(-1);
    if (last && w.startS <= last.endS) last.endS = Math.max(last.endS, w.endS);
    else windows.push({ startS: w.startS, endS: w.endS });
  }
  return { windows, ids: placed.map((w) => w.id) };
}

function sampleWindows(series: readonly GpuPoint[], times: number[], intervalS: number): Window[] {
  const peakAt = new Map<number, number>();
  for (const p of series) peakAt.set(p.tS, Math.max(peakAt.get(p.tS) ?? 0, p.max?.utilPct ?? p.utilPct));
  const loaded = times.filter((t) => peakAt.get(t)! >= LOAD_UTIL_PCT);
  const mergeGap = Math.max(3 * intervalS, MIN_GAP_S);
  const windows: Window[] = [];
  for (const t of loaded) {
    const last = windows.at(-1);
    if (last && t - (last.endS - intervalS) <= mergeGap) last.endS = t + intervalS;
    else windows.push({ startS: t, endS: t + intervalS });
  }
  return windows;
}

/** Shared by the GPU sampling adapters: one sample point per device per sampling round -> record. */
import type { GpuSamples } from '../records.js';
import { wallClock } from '../util/wall-clock.js';

export type GpuDevice = GpuSamples['devices'][number];

export interface GpuPoint {
  /** Wall-clock time of the sample in milliseconds (any fixed origin); absent when unknown. */
  tMs?: number;
  device: number;
  utilPct: number;
  /** Absent when the tool printed no memory column. */
  memUsedMiB?: number;
}

/**
 * Builds the record. `samples` is the number of sampling rounds (snapshots, timestamps). The
 * time origin is the earliest sample, so out-of-order logs still give tS >= 0; series and
 * durationS are left out when any point lacks a time. peakUsedMiB is the largest single-device
 * reading and totalMiB the largest device's capacity, so the two compare like for like.
 */
export function gpuSamplesRecord(
  tool: GpuSamples['tool'],
  devices: Iterable<GpuDevice>,
  points: readonly GpuPoint[],
  samples: number,
  /** The points' tMs are wall clocks read as UTC (the record then says when sampling started). */
  opts: { wallClock?: boolean } = {},
): GpuSamples {
  const devs = [...devices].sort((a, b) => a.index - b.index);
  let utilSum = 0;
  let utilMax = 0;
  let memPeak: number | undefined;
  let t0 = Infinity;
  let t1 = -Infinity;
  let timed = points.length > 0;
  for (const p of points) {
    utilSum += p.utilPct;
    utilMax = Math.max(utilMax, p.utilPct);
    if (p.memUsedMiB !== undefined) memPeak = Math.max(memPeak ?? 0, p.memUsedMiB);
    if (p.tMs === undefined) timed = false;
    else {
      t0 = Math.min(t0, p.tMs);
      t1 = Math.max(t1, p.tMs);
    }
  }
  const record: GpuSamples = {
    kind: 'gpu-samples',
    tool,
    devices: devs,
    samples,
    utilization: { avgPct: points.length > 0 ? utilSum / points.length : 0, maxPct: utilMax },
    memory: memPeak === undefined ? {} : { peakUsedMiB: memPeak },
  };
  const totals = devs.flatMap((d) => (d.memoryTotalMiB === undefined ? [] : [d.memoryTotalMiB]));
  if (totals.length > 0) record.memory.totalMiB = Math.max(...totals);
  if (timed) {
    record.durationS = secondsBetween(t0, t1);
    if (opts.wallClock) record.startedAt = wallClock(t0);
    record.series = points.map((p) => ({ tS: secondsBetween(t0, p.tMs!), device: p.device, utilPct: p.utilPct, ...(p.memUsedMiB !== undefined ? { memUsedMiB: p.memUsedMiB } : {}) }));
  }
  return record;
}

/** Seconds between two millisecond times, rounded to the microsecond to drop float noise. */
function secondsBetween(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) * 1000) / 1e6;
}

/** Sampling rounds when each device reports once per round: the most points any device has. */
export function roundsOf(points: readonly GpuPoint[]): number {
  const perDevice = new Map<number, number>();
  for (const p of points) perDevice.set(p.device, (perDevice.get(p.device) ?? 0) + 1);
  return Math.max(0, ...perDevice.values());
}

/** Merges what a sample says about a device into the device list (first stated value wins). */
export function noteDevice(devices: Map<number, GpuDevice>, d: GpuDevice): void {
  const known = devices.get(d.index) ?? { index: d.index };
  devices.set(d.index, known);
  if (known.name === undefined && d.name !== undefined) known.name = d.name;
  if (known.busId === undefined && d.busId !== undefined) known.busId = d.busId;
  if (known.memoryTotalMiB === undefined && d.memoryTotalMiB !== undefined) known.memoryTotalMiB = d.memoryTotalMiB;
}

import type { NormalizedRecord } from '../records.js';

/** Most points a GPU time series keeps in the manifest; charts need no more. */
export const MAX_SERIES_POINTS = 720;

/**
 * Keep records small enough for a committed manifest (under the 1024 KB limit): a GPU time
 * series longer than MAX_SERIES_POINTS per device is averaged in equal buckets of consecutive
 * samples (time = bucket mean, utilisation = mean, memory = max so peaks survive). The record's
 * own summary numbers (avg, max, peak) are computed by the adapter from every sample first.
 */
export function compactRecord(record: NormalizedRecord): NormalizedRecord {
  if (record.kind !== 'gpu-samples' || !record.series) return record;
  const byDevice = new Map<number, NonNullable<typeof record.series>>();
  for (const p of record.series) {
    const list = byDevice.get(p.device) ?? [];
    list.push(p);
    byDevice.set(p.device, list);
  }
  if ([...byDevice.values()].every((l) => l.length <= MAX_SERIES_POINTS)) return record;
  const series: NonNullable<typeof record.series> = [];
  for (const [device, points] of [...byDevice.entries()].sort((a, b) => a[0] - b[0])) {
    const size = Math.ceil(points.length / MAX_SERIES_POINTS);
    for (let i = 0; i < points.length; i += size) {
      const bucket = points.slice(i, i + size);
      const avg = (f: (p: (typeof bucket)[number]) => number) => bucket.reduce((s, p) => s + f(p), 0) / bucket.length;
      series.push({
        tS: round(avg((p) => p.tS), 3),
        device,
        utilPct: round(avg((p) => p.utilPct), 2),
        ...memPeak(bucket.map((p) => p.memUsedMiB)),
      });
    }
  }
  return { ...record, series };
}

/** The bucket's peak memory, when its samples carry memory at all. */
function memPeak(values: (number | undefined)[]): { memUsedMiB?: number } {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? { memUsedMiB: Math.max(...known) } : {};
}

function round(x: number, d: number): number {
  return Number(x.toFixed(d));
}

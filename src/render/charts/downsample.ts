import type { GpuSamples } from '../../records.js';

type Point = NonNullable<GpuSamples['series']>[number];

/**
 * Bound a GPU time series to `max` points per device so a long capture (hours at 1 Hz) still
 * gives a small SVG: the device's time span is cut into `max` equal buckets and each bucket is
 * drawn at its first sample's time with the maximum utilisation and memory it saw, so short
 * peaks stay visible. Shorter series are returned as they are. `buckets` is set when any
 * device was downsampled.
 */
export function downsampleSeries(series: readonly Point[], max: number): { points: Point[]; buckets?: number } {
  const byDevice = new Map<number, Point[]>();
  for (const p of series) {
    const list = byDevice.get(p.device) ?? [];
    list.push(p);
    byDevice.set(p.device, list);
  }
  let downsampled = false;
  const points: Point[] = [];
  for (const device of [...byDevice.keys()].sort((a, b) => a - b)) {
    const list = byDevice.get(device)!.slice().sort((a, b) => a.tS - b.tS);
    if (list.length <= max) {
      points.push(...list);
      continue;
    }
    downsampled = true;
    const t0 = list[0]!.tS;
    const width = (list[list.length - 1]!.tS - t0) / max;
    const buckets: Point[] = [];
    for (const p of list) {
      const i = width > 0 ? Math.min(max - 1, Math.floor((p.tS - t0) / width)) : 0;
      const b = buckets[i];
      if (!b) buckets[i] = { ...p };
      else {
        b.utilPct = Math.max(b.utilPct, p.utilPct);
        if (p.memUsedMiB !== undefined) b.memUsedMiB = Math.max(b.memUsedMiB ?? 0, p.memUsedMiB);
      }
    }
    points.push(...buckets.filter((b): b is Point => b !== undefined));
  }
  return downsampled ? { points, buckets: max } : { points };
}

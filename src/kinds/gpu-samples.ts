import type { GpuSamples } from '../records.js';
import { downsample } from '../evidence/downsample.js';
import type { KindDefinition } from './types.js';

/** Most points per device a GPU series keeps in the manifest; charts need no more. */
const MAX_SERIES_POINTS = 720;

export const kind: KindDefinition<GpuSamples> = {
  name: 'gpu-samples',
  schema: 'records/gpu-samples.schema.json',
  defaultRole: 'profiling.gpu',
  summarize: (r) => ({
    devices: r.devices.length,
    samples: r.samples,
    avgUtilPct: Number(r.utilization.avgPct.toFixed(1)),
    maxUtilPct: r.utilization.maxPct,
    ...(r.memory.peakUsedMiB !== undefined ? { peakMemMiB: r.memory.peakUsedMiB } : {}),
  }),
  compact: (r) => (r.series ? { ...r, series: downsample(r.series, { max: MAX_SERIES_POINTS, fields: ['utilPct', 'memUsedMiB'], group: (p) => p.device }) } : r),
};

import type { GpuSamples } from '../records.js';
import type { KindDefinition } from './types.js';

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
};

import type { KernelProfile } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<KernelProfile> = {
  name: 'kernel-profile',
  schema: 'records/kernel-profile.schema.json',
  defaultRole: 'profiling.kernels',
  summarize: (r) => ({
    kernels: r.kernels.length,
    totalMs: Number((r.totalUs / 1000).toFixed(3)),
    top: r.kernels[0]?.name ?? null,
    topPct: r.kernels[0] ? Number(r.kernels[0].pct.toFixed(2)) : null,
  }),
};

import type { CpuProfile } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<CpuProfile> = {
  name: 'cpu-profile',
  schema: 'records/cpu-profile.schema.json',
  defaultRole: 'profiling.trace',
  summarize: (r) => ({
    symbols: r.symbols.length,
    ...(r.samples !== undefined ? { samples: r.samples } : {}),
    top: r.symbols[0]?.symbol ?? null,
    topPct: r.symbols[0] ? Number(r.symbols[0].selfPct.toFixed(2)) : null,
  }),
};

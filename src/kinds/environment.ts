import type { Environment } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<Environment> = {
  name: 'environment',
  schema: 'records/environment.schema.json',
  defaultRole: 'environment',
  summarize: (r) => {
    const out: Record<string, string> = {};
    for (const k of ['os', 'kernel', 'python', 'paddle', 'fastdeploy', 'driver'] as const) {
      const v = r[k];
      if (v !== undefined) out[k] = v;
    }
    if (r.devices?.length) out.devices = r.devices.join(', ');
    return out;
  },
};

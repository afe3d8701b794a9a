import type { PythonProfile } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<PythonProfile> = {
  name: 'python-profile',
  schema: 'records/python-profile.schema.json',
  defaultRole: 'profiling.python',
  summarize: (r) => ({
    functions: r.functions.length,
    ...(r.samples !== undefined ? { samples: r.samples } : {}),
    top: r.functions[0]?.name ?? null,
  }),
};

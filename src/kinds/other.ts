import type { Other } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<Other> = {
  name: 'other',
  schema: 'records/other.schema.json',
  defaultRole: 'other',
  summarize: (r) => ({
    ...(r.mediaType ? { mediaType: r.mediaType } : {}),
    ...(r.lines !== undefined ? { lines: r.lines } : {}),
    ...(r.title ? { title: r.title } : {}),
  }),
};

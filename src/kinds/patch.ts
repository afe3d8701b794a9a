import type { Patch } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<Patch> = {
  name: 'patch',
  schema: 'records/patch.schema.json',
  defaultRole: 'patch',
  summarize: (r) => ({ files: r.files.length, insertions: r.insertions, deletions: r.deletions }),
};

import type { Accuracy } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<Accuracy> = {
  name: 'accuracy',
  schema: 'records/accuracy.schema.json',
  defaultRole: 'accuracy',
  summarize: (r) => ({ metric: r.metric, value: r.value }),
};

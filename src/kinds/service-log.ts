import type { ServiceLog } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<ServiceLog> = {
  name: 'service-log',
  schema: 'records/service-log.schema.json',
  defaultRole: 'log',
  summarize: (r) => ({ lines: r.lines, errors: r.errors, warnings: r.warnings, events: r.events.length }),
};

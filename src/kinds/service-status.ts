import type { ServiceStatus } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<ServiceStatus> = {
  name: 'service-status',
  schema: 'records/service-status.schema.json',
  defaultRole: 'service.health',
  summarize: (r) => ({ httpStatus: r.httpStatus, healthy: r.healthy, ...(r.endpoint ? { endpoint: r.endpoint } : {}) }),
};

import type { RequestResult } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<RequestResult> = {
  name: 'request-result',
  schema: 'records/request-result.schema.json',
  defaultRole: 'request.single',
  summarize: (r) => ({
    ok: r.ok,
    ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}),
    ...(r.latencyMs !== undefined ? { latencyMs: Number(r.latencyMs.toFixed(1)) } : {}),
  }),
};

import type { ToolError } from '../records.js';
import type { KindDefinition } from './types.js';

export const kind: KindDefinition<ToolError> = {
  name: 'tool-error',
  schema: 'records/tool-error.schema.json',
  defaultRole: 'profiling.limitation',
  summarize: (r) => ({ tool: r.tool, reason: r.reason }),
};

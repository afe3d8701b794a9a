import { downsample } from '../evidence/downsample.js';
import type { ServiceLog } from '../records.js';
import type { KindDefinition } from './types.js';

/** Most scheduler points per phase kept in the manifest. */
const MAX_SCHEDULING_POINTS = 720;

export const kind: KindDefinition<ServiceLog> = {
  name: 'service-log',
  schema: 'records/service-log.schema.json',
  defaultRole: 'log',
  summarize: (r) => ({
    lines: r.lines,
    errors: r.errors,
    warnings: r.warnings,
    events: r.events.length,
    ...(r.scheduling ? { schedulerLines: r.scheduling.prefillLines + r.scheduling.decodeLines } : {}),
  }),
  compact: (r) =>
    r.scheduling
      ? {
          ...r,
          scheduling: {
            ...r.scheduling,
            series: downsample(r.scheduling.series, { max: MAX_SCHEDULING_POINTS, fields: ['running', 'queued', 'usagePct', 'freeBlocks', 'genTokPerS'], group: (p) => p.phase }).sort((a, b) => a.tS - b.tS),
          },
        }
      : r,
};

import type { CpuCounters } from '../records.js';
import type { KindDefinition } from './types.js';

/** `instructions` or `cycles`, also with modifiers (`cycles:u`) or a PMU prefix (`cpu_core/cycles:u/`). */
function counterValue(r: CpuCounters, event: string): number | undefined {
  const re = new RegExp(`^(?:[\\w-]+/)?${event}(?::\\w+)?/?$`);
  return r.counters.find((c) => re.test(c.event) && c.value !== undefined)?.value;
}

export const kind: KindDefinition<CpuCounters> = {
  name: 'cpu-counters',
  schema: 'records/cpu-counters.schema.json',
  // Host-side profiling of the serving process: no role names CPU counters more closely.
  defaultRole: 'profiling.trace',
  summarize: (r) => {
    const instructions = counterValue(r, 'instructions');
    const cycles = counterValue(r, 'cycles');
    return {
      counters: r.counters.length,
      ...(r.elapsedS !== undefined ? { elapsedS: r.elapsedS } : {}),
      ...(instructions !== undefined && cycles ? { ipc: Number((instructions / cycles).toFixed(2)) } : {}),
    };
  },
};

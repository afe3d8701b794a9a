import type { ServingBenchmark } from '../records.js';

/** One run of a serving benchmark file, with its line when the file holds several. */
export interface Run {
  line?: number;
  record: ServingBenchmark;
}

/**
 * A file holding several runs (a sweep) is that many benchmarks, each a record of its own made
 * of its run's fields only (what the last run states must not leak into another); a one-run
 * file is itself. Used wherever a benchmark is analysed or compared, so no place silently takes
 * the last run.
 */
export function splitRuns(record: ServingBenchmark): Run[] {
  if (!record.runs?.length) return [{ record }];
  const { kind, tool } = record;
  return record.runs.map(({ line, ...run }) => ({ line, record: { kind, tool, ...run } }));
}

/** `line 1 (request_rate=1); line 2 (request_rate=4)`: how a finding or a usage error lists the runs. */
export function describeRuns(runs: Run[]): string {
  return runs.map((r) => `line ${r.line} (${Object.entries(r.record.params).map(([k, v]) => `${k}=${String(v)}`).join(', ') || 'no parameters'})`).join('; ');
}

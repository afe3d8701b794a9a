import type { ServingBenchmark, ServingRun } from '../records.js';

/**
 * The record of a file holding one run or several (a sweep: JSON lines, console summary blocks):
 * its own fields are the last run's and, with several, `runs` keeps each with its line
 * (analysis/runs.ts splits them again). Undefined when no run was read.
 */
export function joinRuns(read: readonly { line: number; record: ServingBenchmark }[]): ServingBenchmark | undefined {
  const last = read[read.length - 1]?.record;
  if (!last || read.length === 1) return last;
  const runs: ServingRun[] = read.map(({ line, record: { kind: _kind, tool: _tool, ...run } }) => ({ line, ...run }));
  return { ...last, runs };
}

/**
 * A summary of why requests failed, from per-request error texts (the `errors` array of a
 * `benchmark_serving` result). A Python traceback's last line names the exception; that line is
 * what tells one failure from another, so requests are grouped by it.
 */
import type { ServingBenchmark } from '../records.js';

/** Distinct failures a record keeps: enough to say what went wrong, small for any run. */
const MAX_FAILURES = 5;
const MAX_MESSAGE = 200;

export function failureSummary(errors: readonly (string | null)[] | undefined): ServingBenchmark['failures'] {
  if (!errors) return undefined;
  const counts = new Map<string, number>();
  for (const e of errors) {
    if (typeof e !== 'string' || e === '') continue;
    const lines = e.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    const last = lines[lines.length - 1] ?? e.trim();
    const message = last.length > MAX_MESSAGE ? `${last.slice(0, MAX_MESSAGE - 1)}…` : last;
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  if (counts.size === 0) return undefined;
  return [...counts]
    .map(([message, count]) => ({ message, count }))
    .sort((a, b) => b.count - a.count || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0))
    .slice(0, MAX_FAILURES);
}

/**
 * Shared core of the request-latencies JSON and CSV adapters (FORMATS.md 1d): both formats are
 * read into a `LatencyRun`, and one function turns that into the serving-benchmark record, so the
 * two formats cannot drift apart.
 */
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServingBenchmark } from '../records.js';
import { describeSamples } from '../stats/descriptive.js';

export type Scalar = string | number | boolean | null;

/** One timed request, already converted to milliseconds. */
export interface LatencyRequest {
  /** `i` from the file, or the position in the file. */
  index: number;
  latencyMs: number;
  ok: boolean;
  phase?: string;
  concurrency?: number;
  startS?: number;
  outputTokens?: number;
}

export interface LatencyRun {
  model?: string;
  params: Record<string, Scalar>;
  durationS?: number;
  requests: LatencyRequest[];
}

type Phase = NonNullable<ServingBenchmark['phases']>[number];

/** Name of the phase of requests that carry no `phase` label, when other requests do. */
const UNLABELLED_PHASE = 'unlabelled';

/** Failed when `ok` is false, the HTTP status is >= 400, or the error text is non-empty. */
export function isFailed(ok: boolean | undefined, status: number | null | undefined, error: string | null | undefined): boolean {
  return ok === false || (typeof status === 'number' && status >= 400) || (typeof error === 'string' && error.trim() !== '');
}

/**
 * The record of a run. Throughput rules (the spec leaves the no-duration case open):
 * - durationS: the file's `duration_s`; else max(start_s + latency) - min(start_s) when every
 *   request has start_s; else the sum of latencies when every request ran at concurrency 1.
 * - requestsPerS = succeeded / durationS. Without a duration, each phase is estimated to have
 *   taken sum(latencies of its requests) / its concurrency (C slots kept busy), and the rate is
 *   succeeded / the sum of those estimates; the estimate is not reported as durationS.
 * - outputTokensPerS = sum(output_tokens of succeeded requests) / durationS, only when every
 *   succeeded request states output_tokens and durationS is known.
 */
export function buildRecord(run: LatencyRun, adapterId: string, file: string): { record: ServingBenchmark; diagnostics: Diagnostic[] } {
  // Request order is the `i` order (stable for equal or default indices).
  const requests = inIndexOrder(run.requests) ? run.requests : [...run.requests].sort((a, b) => a.index - b.index);
  const diagnostics: Diagnostic[] = [];
  const succeeded = requests.filter((r) => r.ok);
  const durationS = run.durationS ?? measuredDurationS(requests);
  const phases = groupPhases(requests);
  const elapsedS = durationS ?? phases.reduce((s, p) => s + estimatedDurationS(p.requests, p.concurrency), 0);
  if (elapsedS <= 0 && succeeded.length > 0) {
    diagnostics.push(warning(`${adapterId}.zero-duration`, 'the run took 0 s (all latencies 0?): requests per second reported as 0', { file }));
  }

  const params = { ...run.params };
  const maxConcurrency = requests.reduce((m, r) => Math.max(m, r.concurrency ?? 0), 0);
  if (maxConcurrency > 0 && !('concurrency' in params)) params.concurrency = maxConcurrency;

  const e2el = e2elOf(succeeded);
  const record: ServingBenchmark = {
    kind: 'serving-benchmark',
    tool: 'request-latencies',
    ...(run.model !== undefined ? { model: run.model } : {}),
    params,
    requests: { total: requests.length, succeeded: succeeded.length, failed: requests.length - succeeded.length },
    ...(durationS !== undefined ? { durationS } : {}),
    throughput: { requestsPerS: rate(succeeded.length, elapsedS), ...outputThroughput(succeeded, durationS) },
    latency: e2el ? { e2el } : {},
  };
  if (phases.length > 1) record.phases = phases.map(phaseRecord);
  return { record, diagnostics };
}

/** Already in `i` order (the usual case): a stable sort would return the same order, slower. */
function inIndexOrder(requests: readonly LatencyRequest[]): boolean {
  for (let k = 1; k < requests.length; k++) if (requests[k]!.index < requests[k - 1]!.index) return false;
  return true;
}

function rate(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}

function e2elOf(succeeded: LatencyRequest[]) {
  return succeeded.length > 0 ? describeSamples(succeeded.map((r) => r.latencyMs)) : undefined;
}

function outputThroughput(succeeded: LatencyRequest[], durationS: number | undefined): { outputTokensPerS?: number } {
  if (durationS === undefined || durationS <= 0 || succeeded.length === 0) return {};
  if (succeeded.some((r) => r.outputTokens === undefined)) return {};
  return { outputTokensPerS: succeeded.reduce((s, r) => s + r.outputTokens!, 0) / durationS };
}

/** Duration from the requests themselves: start times, or back-to-back sequential requests. */
function measuredDurationS(requests: LatencyRequest[]): number | undefined {
  if (requests.length === 0) return undefined;
  if (requests.every((r) => r.startS !== undefined)) {
    // reduce, not Math.min(...spread): spreading a million requests overflows the stack.
    const start = requests.reduce((m, r) => Math.min(m, r.startS!), Infinity);
    const end = requests.reduce((m, r) => Math.max(m, r.startS! + r.latencyMs / 1000), -Infinity);
    return end - start;
  }
  if (requests.every((r) => (r.concurrency ?? 1) === 1)) return sumMs(requests) / 1000;
  return undefined;
}

function estimatedDurationS(requests: LatencyRequest[], concurrency: number): number {
  return sumMs(requests) / 1000 / concurrency;
}

function sumMs(requests: LatencyRequest[]): number {
  return requests.reduce((s, r) => s + r.latencyMs, 0);
}

interface PhaseGroup {
  name: string;
  concurrency: number;
  requests: LatencyRequest[];
}

/** Requests grouped by `phase`, in order of first appearance; concurrency = the max in the phase. */
function groupPhases(requests: LatencyRequest[]): PhaseGroup[] {
  const byName = new Map<string, PhaseGroup>();
  for (const r of requests) {
    const name = r.phase ?? UNLABELLED_PHASE;
    let g = byName.get(name);
    if (!g) {
      g = { name, concurrency: 1, requests: [] };
      byName.set(name, g);
    }
    g.requests.push(r);
    g.concurrency = Math.max(g.concurrency, r.concurrency ?? 1);
  }
  return [...byName.values()];
}

function phaseRecord(g: PhaseGroup): Phase {
  const succeeded = g.requests.filter((r) => r.ok);
  const durationS = measuredDurationS(g.requests);
  const e2el = e2elOf(succeeded);
  return {
    name: g.name,
    concurrency: g.concurrency,
    requests: g.requests.length,
    ...(e2el ? { e2el } : {}),
    ...(durationS !== undefined ? { durationS } : {}),
    requestsPerS: rate(succeeded.length, durationS ?? estimatedDurationS(g.requests, g.concurrency)),
  };
}

/**
 * Shared core of the request-latencies JSON and CSV adapters (docs/architecture.md, formats 1d): both formats are
 * read into a `LatencyRun`, and one function turns that into the serving-benchmark record, so the
 * two formats cannot drift apart.
 */
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServingBenchmark } from '../records.js';
import { describeSamples } from '../stats/descriptive.js';
import { parseWallClock, wallClock } from '../util/wall-clock.js';

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

/**
 * A run's requests as columns, one typed array per field: a million requests without a million
 * objects. A column no request has is absent; in a present column NaN (or undefined) means the
 * request lacks the field.
 */
export interface LatencyColumns {
  length: number;
  /** Absent when every request's index is its position (the usual case): nothing to reorder by. */
  index?: Float64Array;
  latencyMs: Float64Array;
  /** 1 = succeeded. */
  ok: Uint8Array;
  phase?: (string | undefined)[];
  concurrency?: Float64Array;
  startS?: Float64Array;
  outputTokens?: Float64Array;
}

export interface LatencyRun {
  model?: string;
  params: Record<string, Scalar>;
  durationS?: number;
  /** Wall clock the run started (util/wall-clock.ts). */
  startedAt?: string;
  requests: LatencyColumns;
}

/** Columns grown by doubling as requests are read, then cut to length. */
export class LatencyColumnsBuilder {
  private length = 0;
  private capacity = 1024;
  private index?: Float64Array;
  private latencyMs = new Float64Array(this.capacity);
  private ok = new Uint8Array(this.capacity);
  private phase?: (string | undefined)[];
  private concurrency?: Float64Array;
  private startS?: Float64Array;
  private outputTokens?: Float64Array;

  get count(): number {
    return this.length;
  }

  /** One request's fields (positional: no object per request on the hot path). */
  push(index: number, latencyMs: number, ok: boolean, phase?: string, concurrency?: number, startS?: number, outputTokens?: number): void {
    if (this.length === this.capacity) this.grow();
    const k = this.length++;
    if (this.index) this.index[k] = index;
    else if (index !== k) {
      // The first index that is not the position: the ones before were their positions.
      this.index = new Float64Array(this.capacity);
      for (let j = 0; j < k; j++) this.index[j] = j;
      this.index[k] = index;
    }
    this.latencyMs[k] = latencyMs;
    this.ok[k] = ok ? 1 : 0;
    if (phase !== undefined) (this.phase ??= [])[k] = phase;
    if (concurrency !== undefined) this.optional('concurrency')[k] = concurrency;
    if (startS !== undefined) this.optional('startS')[k] = startS;
    if (outputTokens !== undefined) this.optional('outputTokens')[k] = outputTokens;
  }

  finish(): LatencyColumns {
    const n = this.length;
    // A copy of the used part, so the spare capacity is freed with the builder; a view when the
    // spare is small (a million requests: no second 8 MB column while the first is alive).
    const small = n >= this.capacity * 0.875;
    const cut = (a: Float64Array | undefined) => (small ? a?.subarray(0, n) : a?.slice(0, n));
    const out: LatencyColumns = { length: n, latencyMs: cut(this.latencyMs)!, ok: small ? this.ok.subarray(0, n) : this.ok.slice(0, n) };
    if (this.index) out.index = cut(this.index);
    if (this.phase) {
      this.phase.length = n;
      // Holes read as undefined, but a dense array compares and iterates as expected.
      out.phase = Array.from(this.phase);
    }
    if (this.concurrency) out.concurrency = cut(this.concurrency);
    if (this.startS) out.startS = cut(this.startS);
    if (this.outputTokens) out.outputTokens = cut(this.outputTokens);
    return out;
  }

  /** An optional column, made on first use with NaN (absent) for the requests before. */
  private optional(name: 'concurrency' | 'startS' | 'outputTokens'): Float64Array {
    return (this[name] ??= new Float64Array(this.capacity).fill(NaN));
  }

  private grow(): void {
    this.capacity *= 2;
    const more = (a: Float64Array, fill: number) => {
      const b = new Float64Array(this.capacity);
      b.set(a);
      if (fill !== 0) b.fill(fill, a.length);
      return b;
    };
    if (this.index) this.index = more(this.index, 0);
    this.latencyMs = more(this.latencyMs, 0);
    const ok = new Uint8Array(this.capacity);
    ok.set(this.ok);
    this.ok = ok;
    if (this.concurrency) this.concurrency = more(this.concurrency, NaN);
    if (this.startS) this.startS = more(this.startS, NaN);
    if (this.outputTokens) this.outputTokens = more(this.outputTokens, NaN);
  }
}

export function columnsOf(requests: readonly LatencyRequest[]): LatencyColumns {
  const b = new LatencyColumnsBuilder();
  for (const r of requests) b.push(r.index, r.latencyMs, r.ok, r.phase, r.concurrency, r.startS, r.outputTokens);
  return b.finish();
}

/** The run's own fields (everything but its requests) from a latency file's top level, as both JSON readers take them. */
export function runHeader(f: { model?: string; params?: Record<string, Scalar>; duration_s?: number; started_at?: string }): Omit<LatencyRun, 'requests'> {
  const started = typeof f.started_at === 'string' ? parseWallClock(f.started_at) : undefined;
  return {
    ...(f.model !== undefined ? { model: f.model } : {}),
    params: { ...(f.params ?? {}) },
    ...(f.duration_s !== undefined ? { durationS: f.duration_s } : {}),
    ...(started !== undefined ? { startedAt: wallClock(started) } : {}),
  };
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
  const index = run.requests.index;
  const cols = !index || inIndexOrder(index) ? run.requests : reordered(run.requests, index);
  const all = allRows(cols.length);
  const diagnostics: Diagnostic[] = [];
  const succeeded = succeededRows(cols, all);
  const durationS = run.durationS ?? measuredDurationS(cols, all);
  const phases = groupPhases(cols, all);
  const elapsedS = durationS ?? phases.reduce((s, p) => s + estimatedDurationS(cols, p.rows, p.concurrency), 0);
  if (elapsedS <= 0 && succeeded.length > 0) {
    diagnostics.push(warning(`${adapterId}.zero-duration`, 'the run took 0 s (all latencies 0?): requests per second reported as 0', { file }));
  }

  const params = { ...run.params };
  const maxConcurrency = cols.concurrency ? cols.concurrency.reduce((m, c) => Math.max(m, Number.isNaN(c) ? 0 : c), 0) : 0;
  if (maxConcurrency > 0 && !('concurrency' in params)) params.concurrency = maxConcurrency;

  const e2el = e2elOf(cols, succeeded);
  const record: ServingBenchmark = {
    kind: 'serving-benchmark',
    tool: 'request-latencies',
    ...(run.model !== undefined ? { model: run.model } : {}),
    params,
    requests: { total: cols.length, succeeded: succeeded.length, failed: cols.length - succeeded.length },
    ...(durationS !== undefined ? { durationS } : {}),
    ...(run.startedAt !== undefined ? { startedAt: run.startedAt } : {}),
    throughput: { requestsPerS: rate(succeeded.length, elapsedS), ...outputThroughput(cols, succeeded, durationS) },
    latency: e2el ? { e2el } : {},
  };
  if (phases.length > 1) record.phases = phases.map((g) => phaseRecord(cols, g));
  return { record, diagnostics };
}

/** Already in `i` order (the usual case): a stable sort would return the same order, slower. */
function inIndexOrder(index: Float64Array): boolean {
  for (let k = 1; k < index.length; k++) if (index[k]! < index[k - 1]!) return false;
  return true;
}

/** The columns in `i` order; Array.prototype.sort is stable, so equal indices keep file order. */
function reordered(c: LatencyColumns, index: Float64Array): LatencyColumns {
  const order = Array.from({ length: c.length }, (_, k) => k).sort((a, b) => index[a]! - index[b]!);
  const gather = (a: Float64Array) => Float64Array.from(order, (k) => a[k]!);
  const out: LatencyColumns = { length: c.length, index: gather(index), latencyMs: gather(c.latencyMs), ok: Uint8Array.from(order, (k) => c.ok[k]!) };
  if (c.phase) out.phase = order.map((k) => c.phase![k]);
  if (c.concurrency) out.concurrency = gather(c.concurrency);
  if (c.startS) out.startS = gather(c.startS);
  if (c.outputTokens) out.outputTokens = gather(c.outputTokens);
  return out;
}

/** Row numbers (positions in the columns), ascending. */
type Rows = Uint32Array;

function allRows(n: number): Rows {
  const rows = new Uint32Array(n);
  for (let k = 0; k < n; k++) rows[k] = k;
  return rows;
}

function succeededRows(c: LatencyColumns, rows: Rows): Rows {
  const out = new Uint32Array(rows.length);
  let m = 0;
  for (let k = 0; k < rows.length; k++) if (c.ok[rows[k]!] === 1) out[m++] = rows[k]!;
  return m === rows.length ? rows : out.slice(0, m);
}

function rate(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}

function e2elOf(c: LatencyColumns, succeeded: Rows) {
  if (succeeded.length === 0) return undefined;
  const ms = new Array<number>(succeeded.length);
  for (let k = 0; k < succeeded.length; k++) ms[k] = c.latencyMs[succeeded[k]!]!;
  return describeSamples(ms, 'own');
}

function outputThroughput(c: LatencyColumns, succeeded: Rows, durationS: number | undefined): { outputTokensPerS?: number } {
  if (durationS === undefined || durationS <= 0 || succeeded.length === 0) return {};
  const tokens = c.outputTokens;
  if (!tokens || succeeded.some((r) => Number.isNaN(tokens[r]!))) return {};
  return { outputTokensPerS: succeeded.reduce((s, r) => s + tokens[r]!, 0) / durationS };
}

/** Duration from the requests themselves: start times, or back-to-back sequential requests. */
function measuredDurationS(c: LatencyColumns, rows: Rows): number | undefined {
  if (rows.length === 0) return undefined;
  const startS = c.startS;
  if (startS && rows.every((r) => !Number.isNaN(startS[r]!))) {
    let start = Infinity;
    let end = -Infinity;
    for (const r of rows) {
      start = Math.min(start, startS[r]!);
      end = Math.max(end, startS[r]! + c.latencyMs[r]! / 1000);
    }
    return end - start;
  }
  const concurrency = c.concurrency;
  if (!concurrency || rows.every((r) => Number.isNaN(concurrency[r]!) || concurrency[r] === 1)) return sumMs(c, rows) / 1000;
  return undefined;
}

function estimatedDurationS(c: LatencyColumns, rows: Rows, concurrency: number): number {
  return sumMs(c, rows) / 1000 / concurrency;
}

function sumMs(c: LatencyColumns, rows: Rows): number {
  let s = 0;
  for (const r of rows) s += c.latencyMs[r]!;
  return s;
}

interface PhaseGroup {
  name: string;
  concurrency: number;
  rows: Rows;
}

/** Requests grouped by `phase`, in order of first appearance; concurrency = the max in the phase. */
function groupPhases(c: LatencyColumns, all: Rows): PhaseGroup[] {
  if (!c.phase && c.length > 0) {
    // No labels: one group, without a name lookup per request.
    let concurrency = 1;
    if (c.concurrency) for (const conc of c.concurrency) if (!Number.isNaN(conc)) concurrency = Math.max(concurrency, conc);
    return [{ name: UNLABELLED_PHASE, concurrency, rows: all }];
  }
  const byName = new Map<string, { concurrency: number; rows: number[] }>();
  const labelled = c.phase !== undefined;
  for (let r = 0; r < c.length; r++) {
    const name = c.phase?.[r] ?? UNLABELLED_PHASE;
    let g = byName.get(name);
    if (!g) {
      g = { concurrency: 1, rows: [] };
      byName.set(name, g);
    }
    if (labelled) g.rows.push(r);
    const conc = c.concurrency?.[r];
    if (conc !== undefined && !Number.isNaN(conc)) g.concurrency = Math.max(g.concurrency, conc);
  }
  // Without phase labels every request is in the one group: no list of a million row numbers.
  return [...byName].map(([name, g]) => ({ name, concurrency: g.concurrency, rows: labelled ? Uint32Array.from(g.rows) : all }));
}

function phaseRecord(c: LatencyColumns, g: PhaseGroup): Phase {
  const succeeded = succeededRows(c, g.rows);
  const durationS = measuredDurationS(c, g.rows);
  const e2el = e2elOf(c, succeeded);
  return {
    name: g.name,
    concurrency: g.concurrency,
    requests: g.rows.length,
    ...(e2el ? { e2el } : {}),
    ...(durationS !== undefined ? { durationS } : {}),
    requestsPerS: rate(succeeded.length, durationS ?? estimatedDurationS(c, g.rows, g.concurrency)),
  };
}

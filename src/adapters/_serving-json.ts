/**
 * Shared reading of the `benchmark_serving.py` result family (FastDeploy 1a, vLLM 1b): typed
 * field access with pointer diagnostics, per-request arrays, and statistics that keep what the
 * file states and complete the rest from per-request samples.
 *
 * Statistics rule (stats/metric-stats.ts): stated values win; a statistic the file does not
 * state is computed from samples, but only when the caller passes samples of the same requests
 * the tool's statistics covered; otherwise it is absent. Nothing the file states is dropped.
 * `n` is the sample count when samples are used, else `completed` for per-request metrics.
 */
import { parseWallClock, wallClock } from '../util/wall-clock.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServingBenchmark } from '../records.js';
import { mergeStats, type StatedStats } from '../stats/metric-stats.js';
import { failureSummary } from './_failures.js';
import { pointer } from '../util/json.js';

export type Doc = Record<string, unknown>;
export const METRICS = ['ttft', 'tpot', 'itl', 'e2el'] as const;
export type Metric = (typeof METRICS)[number];
/** Samples in ms per metric; `keep` = store them in the record (not for per-token itl). */
export type MetricSamples = Partial<Record<Metric, { ms: number[]; keep: boolean }>>;

/** Typed reads from one result object; problems become diagnostics at `base` (file, line). */
export class DocReader {
  readonly diagnostics: Diagnostic[] = [];

  /** `at`: where `doc` sits in the file (e.g. ['metrics']), prefixed to every pointer. */
  constructor(
    readonly doc: Doc,
    private readonly id: string,
    private readonly base: Partial<Diagnostic>,
    private readonly at: (string | number)[] = [],
  ) {}

  /** A number >= 0; null counts as absent. */
  number(key: string, required: boolean): number | undefined {
    const v = this.doc[key];
    if (typeof v === 'number' && v >= 0) return v;
    if (v === undefined || v === null) {
      if (required) this.error(`missing key '${key}': expected a number >= 0`, key);
    } else this.error(`'${key}': expected a number >= 0, found ${describe(v)}`, key);
    return undefined;
  }

  /** An array whose every element passes `ok`; the first bad element is reported by pointer. */
  array<T>(key: string, ok: (x: unknown) => x is T, expected: string): T[] | undefined {
    const v = this.doc[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.error(`'${key}': expected an array (one entry per request), found ${describe(v)}`, key);
      return undefined;
    }
    const bad = v.findIndex((x) => !ok(x));
    if (bad >= 0) {
      this.error(`'${key}[${bad}]': expected ${expected}, found ${describe(v[bad])}`, key, bad);
      return undefined;
    }
    return v as T[];
  }

  warn(problem: string, message: string, key: string): void {
    this.diagnostics.push(warning(`${this.id}.${problem}`, message, { ...this.base, pointer: pointer(...this.at, key) }));
  }

  private error(message: string, ...at: (string | number)[]): void {
    this.diagnostics.push(error(`${this.id}.bad-value`, message, { ...this.base, pointer: pointer(...this.at, ...at) }));
  }
}

export interface PerRequest {
  errors?: (string | null)[];
  ttfts?: number[];
  itls?: number[][];
  outputLens?: number[];
  latencies?: number[];
}

const isSeconds = (x: unknown): x is number => typeof x === 'number' && x >= 0;
const isSecondsList = (x: unknown): x is number[] => Array.isArray(x) && x.every(isSeconds);
const isError = (x: unknown): x is string | null => typeof x === 'string' || x === null;

export function readPerRequest(r: DocReader): PerRequest {
  return {
    errors: r.array('errors', isError, 'a string (empty = success) or null'),
    ttfts: r.array('ttfts', isSeconds, 'a number of seconds >= 0'),
    itls: r.array('itls', isSecondsList, 'a list of numbers of seconds >= 0'),
    outputLens: r.array('output_lens', isSeconds, 'a token count >= 0'),
    latencies: r.array('latencies', isSeconds, 'a number of seconds >= 0'),
  };
}

/** A request failed when its error is a non-empty string. */
export function failedAt(errors: (string | null)[] | undefined, i: number): boolean {
  const e = errors?.[i];
  return typeof e === 'string' && e !== '';
}

export interface Counts {
  total: number;
  failed: number;
}

/** The parts every result of the family shares; `null` when a required field is bad. */
export function servingRecord(
  r: DocReader,
  tool: ServingBenchmark['tool'],
  paramKeys: readonly string[],
  ownStringKeys: ReadonlySet<string>,
  counts: (completed: number) => Counts,
  samples: (completed: number) => MetricSamples,
): ServingBenchmark | undefined {
  const completed = r.number('completed', true);
  const durationS = r.number('duration', true);
  const requestsPerS = r.number('request_throughput', true);
  const outputTokensPerS = r.number('output_throughput', false);
  const totalTokensPerS = r.number('total_token_throughput', false);
  if (r.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const { total, failed } = counts(completed!);
  const xs = samples(completed!);
  if (r.diagnostics.some((d) => d.severity === 'error')) return undefined;
  // Every request failed: the tools still print statistics, numpy's of `[0]` (`ttfts or 0`),
  // which describe no request. They are not latencies, so they are not recorded as such.
  if (completed === 0 && [...METRICS, ...Object.keys(FASTDEPLOY_METRICS)].some((m) => Object.keys(statedStats(r.doc, m)).length > 0)) {
    r.warn('all-failed', `all ${total} requests failed: the file's latency statistics (computed by the tool over no request) are not recorded`, 'completed');
  }
  const model = r.doc.model_id;
  const tokens = completed === 0 ? undefined : tokenStats(r);
  const failures = failed > 0 ? failureSummary(Array.isArray(r.doc.errors) ? (r.doc.errors as (string | null)[]) : undefined) : undefined;
  // `date` is written when the run ends (after the requests): the start is that minus the duration.
  const endMs = typeof r.doc.date === 'string' ? parseWallClock(r.doc.date) : undefined;
  return {
    kind: 'serving-benchmark',
    tool,
    ...(typeof model === 'string' ? { model } : {}),
    params: params(r.doc, paramKeys, ownStringKeys),
    requests: { total, succeeded: total - failed, failed },
    durationS: durationS!,
    ...(endMs !== undefined ? { startedAt: wallClock(endMs - durationS! * 1000) } : {}),
    throughput: {
      requestsPerS: requestsPerS!,
      ...(outputTokensPerS !== undefined ? { outputTokensPerS } : {}),
      ...(totalTokensPerS !== undefined ? { totalTokensPerS } : {}),
    },
    latency: completed === 0 ? {} : latency(r, completed!, xs),
    ...(tokens ? { tokens } : {}),
    ...(failures ? { failures } : {}),
  };
}

/** The run's parameters, plus `--metadata` (string values at the top level the tool does not write itself). */
function params(doc: Doc, keys: readonly string[], ownStringKeys: ReadonlySet<string>): ServingBenchmark['params'] {
  const out: ServingBenchmark['params'] = {};
  for (const k of keys) {
    const v = doc[k];
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v === 'string' && !ownStringKeys.has(k)) out[k] = v;
  }
  return out;
}

/** FastDeploy's own metrics (`mean_s_ttft_ms`, ...): kept as stated, so no number it prints is lost. */
const FASTDEPLOY_METRICS = { s_ttft: 'serverTtft', s_itl: 'serverItl', s_e2el: 'serverE2el', res_ttft: 'responseTtft' } as const;

function latency(r: DocReader, completed: number, samples: MetricSamples): ServingBenchmark['latency'] {
  const out: ServingBenchmark['latency'] = {};
  for (const m of METRICS) {
    // ttft and e2el have one value per completed request; tpot skips one-token outputs and
    // itl is per token, so their count is known only from samples.
    const stats = mergeStats(statedStats(r.doc, m), samples[m], m === 'ttft' || m === 'e2el' ? completed : undefined);
    if (stats) out[m] = stats;
  }
  for (const [m, key] of Object.entries(FASTDEPLOY_METRICS)) {
    const stats = mergeStats(statedStats(r.doc, m));
    if (stats) out[key] = stats;
  }
  return out;
}

/** FastDeploy's token statistics (`mean_s_decode`, `p99_output_len`, ...), no `_ms` suffix. */
const TOKEN_METRICS = { s_decode: 'decodePerS', s_input_len: 'promptTokens', output_len: 'outputTokens', reasoning_len: 'reasoningTokens' } as const;

function tokenStats(r: DocReader): ServingBenchmark['tokens'] {
  const out: NonNullable<ServingBenchmark['tokens']> = {};
  for (const [m, key] of Object.entries(TOKEN_METRICS)) {
    const stats = mergeStats(statedStats(r.doc, m, ''));
    if (stats) out[key] = stats;
  }
  return Object.keys(out).length ? out : undefined;
}

/** `mean_ttft_ms`, `p99_ttft_ms`, `p99.9_ttft_ms` ... as {mean, p99, p99.9}. */
function statedStats(doc: Doc, m: string, unit = '_ms'): StatedStats {
  const out: StatedStats = {};
  const re = new RegExp(`^(mean|median|std|p\\d+(?:\\.\\d+)?)_${m}${unit}$`);
  for (const [k, v] of Object.entries(doc)) {
    const hit = re.exec(k);
    if (hit && typeof v === 'number' && Number.isFinite(v)) out[hit[1]!] = v;
  }
  return out;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/**
 * Keys only FastDeploy's fork writes: its per-request arrays (always saved) and its own metrics.
 * vLLM results never have them, whatever their version.
 */
const FASTDEPLOY_KEYS = /"(?:reasoning_lens|infer_input_lens|res_ttfts|reasoning_contents|mean_s_ttft_ms|mean_s_decode)"\s*:/;

/** Which tool of the family wrote a result, from the start of the file; undefined when not this family. */
export function servingResultTool(head: string): 'fastdeploy' | 'vllm' | undefined {
  if (!looksLikeServingResult(head)) return undefined;
  // vLLM writes a `failed` count; FastDeploy never does. Older vLLM had neither `failed` nor
  // FastDeploy's keys (and the same `request_goodput:` key with a colon).
  if (/"failed"\s*:/.test(head)) return 'vllm';
  return FASTDEPLOY_KEYS.test(head) ? 'fastdeploy' : 'vllm';
}

/** Whether the start of a file looks like a result of this family (an object with these keys). */
export function looksLikeServingResult(head: string): boolean {
  const h = head.replace(/^\uFEFF?\s*/, '');
  return h.startsWith('{') && /"model_id"\s*:/.test(h) && /"request_throughput"\s*:/.test(h);
}

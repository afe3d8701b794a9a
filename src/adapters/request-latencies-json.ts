import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { validate } from '../schemas/validate.js';
import { isObject, pointer } from '../util/json.js';
import { buildRecord, columnsOf, isFailed, runHeader, type LatencyRequest, type LatencyRun, type Scalar } from './_request-latencies.js';
import { scanLatencyFile, scanLatencyRun } from './_request-latencies-scan.js';
import type { Adapter, ArtifactInput } from './types.js';

const ID = 'request-latencies-json';
const SCHEMA = 'inputs/request-latencies.schema.json';
/** Gzipped files up to this size (as bytes() allows) go through the byte scanner first. */
const SCAN_MAX_BYTES = 256 * 1024 * 1024;
/** Uncompressed files above this size are scanned in chunks in a worker thread rather than read whole here. */
const CHUNKED_MIN_BYTES = 16 * 1024 * 1024;

/** The input shape, as `schemas/inputs/request-latencies.schema.json` guarantees it. */
interface RequestEntry {
  i?: number;
  latency_s?: number;
  latency_ms?: number;
  ok?: boolean;
  status?: number | null;
  phase?: string;
  concurrency?: number;
  start_s?: number;
  output_tokens?: number | null;
  error?: string | null;
}
export interface LatencyFile {
  model?: string;
  params?: Record<string, Scalar>;
  duration_s?: number;
  started_at?: string;
  requests: RequestEntry[];
}

/**
 * The byte scanner's run, or undefined when the file is not plain. A large uncompressed file is
 * read in chunks (never whole in memory) in a worker thread; a gzipped one up to the size text()
 * allows, whole.
 */
async function scan(input: ArtifactInput): Promise<LatencyRun | undefined> {
  if (!input.gzip && input.size > CHUNKED_MIN_BYTES) return scanLatencyFile(input.path);
  return input.size <= SCAN_MAX_BYTES ? scanLatencyRun(await input.bytes()) : undefined;
}

/** A contributor's own per-request timings as JSON (docs/architecture.md, formats 1d, published schema). */
export const adapter: Adapter = {
  id: ID,
  kind: 'serving-benchmark',
  title: "Request latencies JSON (a contributor's own timing script)",
  recognisedBy: 'JSON object with a `requests` array whose items have `latency_s` or `latency_ms`',
  extracts: 'e2e latency stats (ms) of succeeded requests, request counts, duration, req/s, phases by `phase` label, params, model',
  cannotKnow:
    'ttft, tpot, itl (only end-to-end latency is timed)',

  detect(input) {
    const h = input.head.replace(/^\uFEFF?\s*/, '');
    if (!h.startsWith('{')) return 0;
    if (/"requests"\s*:\s*\[/.test(h) && /"latency_(?:s|ms)"\s*:/.test(h)) return 0.9;
    return /latenc/i.test(input.name) && /\.json$/i.test(input.name) ? 0.25 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    // The plain shape, read straight into the requests; anything else is read below.
    const run = await scan(input);
    if (run) return buildRecord(run, ID, file);
    const parsed = await input.json();
    if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
    const problems = check(parsed.value, file);
    if (problems.length > 0) return { diagnostics: problems };
    return buildRecord(toRun(parsed.value as LatencyFile), ID, file);
  },
};

/**
 * Schema violations, with one clear diagnostic per request that lacks a latency instead of the
 * schema's three generic ones (anyOf + two missing keys) at the same place.
 */
export function check(value: unknown, file: string): Diagnostic[] {
  const requests = isObject(value) && Array.isArray(value.requests) ? value.requests : [];
  const missing = new Set<string>();
  const own: Diagnostic[] = [];
  requests.forEach((r, i) => {
    if (!isObject(r) || 'latency_s' in r || 'latency_ms' in r) return;
    const at = pointer('requests', i);
    missing.add(at);
    const keys = Object.keys(r);
    own.push(
      error(`${ID}.missing-latency`, `request ${i} has no latency: expected 'latency_s' (seconds) or 'latency_ms' (milliseconds), found ${keys.length ? `keys ${keys.join(', ')}` : 'an empty object'}`, {
        file,
        pointer: at,
      }),
    );
  });
  const fromSchema = validate(SCHEMA, value, file).filter((d) => {
    const p = d.pointer ?? '';
    return !missing.has(p) && !missing.has(p.replace(/\/latency_(?:s|ms)$/, ''));
  });
  return [...fromSchema, ...own];
}

export function toRun(f: LatencyFile): LatencyRun {
  return { ...runHeader(f), requests: columnsOf(f.requests.map(toRequest)) };
}

/** `latency_ms` wins when both are given: it needs no conversion. */
function toRequest(r: RequestEntry, position: number): LatencyRequest {
  return {
    index: r.i ?? position,
    latencyMs: r.latency_ms ?? r.latency_s! * 1000,
    ok: !isFailed(r.ok, r.status, r.error),
    ...(r.phase !== undefined ? { phase: r.phase } : {}),
    ...(r.concurrency !== undefined ? { concurrency: r.concurrency } : {}),
    ...(r.start_s !== undefined ? { startS: r.start_s } : {}),
    ...(typeof r.output_tokens === 'number' ? { outputTokens: r.output_tokens } : {}),
  };
}

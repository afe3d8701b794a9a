/**
 * A fast reader for large request-latencies JSON (docs/architecture.md, formats 1d): the bytes are scanned once and
 * each request's fields go straight into typed-array columns, without the text of the whole file
 * as one string and without an object per request.
 *
 * It reads only the plain shape a timing script writes: a top-level object whose `requests` is an
 * array of flat objects with scalar values. Anything else (a BOM, a nested value inside a request,
 * a value of the wrong type, a syntax error, an empty list, a request without a latency) returns
 * undefined, and the adapter reads the file the ordinary way, which gives the exact diagnostics.
 * So for every file this reader accepts, the run equals what JSON.parse + the schema + toRun give.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { validate } from '../schemas/validate.js';
import { startModuleWorker } from '../util/worker.js';
import { isFailed, LatencyColumnsBuilder, runHeader, type LatencyColumns, type LatencyRun, type Scalar } from './_request-latencies.js';

const SCHEMA = 'inputs/request-latencies.schema.json';
const QUOTE = 0x22;
/** Bytes kept ahead of the scan between values (more than any plain request takes); reads are up to twice that. */
const WINDOW_BYTES = 2 * 1024 * 1024;
const BACKSLASH = 0x5c;
/** Exact powers of ten as doubles (10^0 .. 10^22). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The request keys the record uses, as bytes; their index is the K_ constant below. */
const REQUEST_KEYS = ['latency_s', 'latency_ms', 'i', 'ok', 'status', 'phase', 'concurrency', 'start_s', 'output_tokens', 'error'].map((k) => Buffer.from(k, 'latin1'));
const [K_LATENCY_S, K_LATENCY_MS, K_I, K_OK, K_STATUS, K_PHASE, K_CONCURRENCY, K_START_S, K_OUTPUT_TOKENS, K_ERROR] = REQUEST_KEYS.map((_, k) => k);

/** A non-negative integer, as the schema's `"type": "integer", "minimum": 0`. */
function count(x: Scalar | undefined): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/** A non-negative number. */
function amount(x: Scalar | undefined): boolean {
  return typeof x === 'number' && x >= 0;
}

/** Thrown inside the scan to give up; the caller falls back to the ordinary reader. */
class NotPlain extends Error {}
const notPlain = new NotPlain();

/**
 * Copies the next bytes of the file into `into` from `at` on and says how many; 0 at its end.
 * A large file is read this way a few MiB at a time into one buffer, so only the columns stay
 * in memory, not the file.
 */
export type Chunks = (into: Buffer, at: number) => number;

/** A file's bytes by readSync from its descriptor. */
export function readChunks(fd: number): Chunks {
  return (into, at) => readSync(fd, into, at, into.length - at, null);
}

/** Whether a worker thread of `scanLatencyFile` is reading a file. */
let workerBusy = false;

/**
 * A large file's run, read in a worker thread (a few MiB at a time, as in this thread), or here
 * while a worker reads another file: compare's baseline and candidate are read at once on two
 * cores with one worker. Undefined when the file is not plain. If the worker cannot start or
 * dies, the file is read here.
 */
export function scanLatencyFile(file: string): Promise<LatencyRun | undefined> {
  const here = () => {
    const fd = openSync(file, 'r');
    try {
      return scanLatencyRun(readChunks(fd));
    } finally {
      closeSync(fd);
    }
  };
  if (workerBusy) return Promise.resolve().then(here);
  workerBusy = true;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (run: () => LatencyRun | undefined) => {
      if (settled) return;
      settled = true;
      workerBusy = false;
      try {
        resolve(run());
      } catch (e) {
        reject(e as Error);
      }
    };
    try {
      const worker = startModuleWorker(import.meta.url, '_request-latencies-worker', { file });
      worker.once('message', (run: LatencyRun | undefined) => settle(() => run));
      worker.once('error', () => settle(here));
      worker.once('exit', () => settle(here));
    } catch {
      settle(here);
    }
  });
}

/** The buffers of a run's typed-array columns (to transfer them between threads). */
export function columnBuffers(c: LatencyColumns): ArrayBuffer[] {
  return [c.index, c.latencyMs, c.ok, c.concurrency, c.startS, c.outputTokens].flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
}

/** `windowBytes` is for tests, which move chunk and window edges through every value. */
export function scanLatencyRun(input: Buffer | Chunks, windowBytes = WINDOW_BYTES): LatencyRun | undefined {
  try {
    return scan(input, windowBytes);
  } catch (e) {
    if (e === notPlain) return undefined;
    throw e;
  }
}

function scan(source: Buffer | Chunks, windowBytes: number): LatencyRun {
  // The part of the file in memory is buf: the whole file, or a view of `store` that ends where
  // the bytes read so far end, so a read past it is undefined (not plain) and never stale bytes.
  const whole = Buffer.isBuffer(source);
  const next = whole ? () => 0 : source;
  const store = whole ? source : Buffer.allocUnsafe(2 * windowBytes);
  let buf = whole ? source : store.subarray(0, 0);
  let n = buf.length;
  let i = 0;
  let eof = whole;
  /**
   * At least `windowBytes` unread bytes in buf, or all the rest of the file. Called only between
   * values (a request, a top-level member), where nothing points into buf; a single value larger
   * than the window is not plain and the ordinary reader takes the file.
   */
  const refill = () => {
    if (n - i >= windowBytes || eof) return;
    store.copy(store, 0, i, n);
    n -= i;
    i = 0;
    while (n < store.length) {
      const got = next(store, n);
      if (got === 0) {
        eof = true;
        break;
      }
      n += got;
    }
    buf = store.subarray(0, n);
  };
  refill();
  const ws = () => {
    i = skipWhitespace(buf, i);
  };
  const expect = (c: number) => {
    ws();
    if (buf[i] !== c) throw notPlain;
    i++;
  };
  const string = (): string => {
    const s = stringAt(buf, i);
    i = tokenEnd;
    return s;
  };
  /** Any value outside `requests` (small: model, params, ...): its bytes, parsed by JSON.parse. */
  const anyValue = (): unknown => {
    ws();
    const start = i;
    if (buf[i] === 0x7b || buf[i] === 0x5b) {
      let depth = 0;
      while (i < n) {
        const c = buf[i]!;
        if (c === QUOTE) {
          string();
          continue;
        }
        i++;
        if (c === 0x7b || c === 0x5b) depth++;
        else if ((c === 0x7d || c === 0x5d) && --depth === 0) break;
      }
      if (depth !== 0) throw notPlain;
    } else {
      scalarAt(buf, i);
      i = tokenEnd;
    }
    try {
      return JSON.parse(buf.toString('utf8', start, i));
    } catch {
      throw notPlain;
    }
  };

  const top: Record<string, unknown> = {};
  let requests: LatencyColumns | undefined;
  expect(0x7b);
  ws();
  if (buf[i] === 0x7d) throw notPlain;
  for (;;) {
    refill();
    ws();
    if (buf[i] !== QUOTE) throw notPlain;
    const key = string();
    expect(0x3a);
    if (key === '__proto__') throw notPlain;
    if (key === 'requests') {
      if (requests) throw notPlain;
      requests = requestList();
    } else top[key] = anyValue();
    ws();
    if (buf[i] === 0x2c) {
      i++;
      continue;
    }
    expect(0x7d);
    break;
  }
  // Only white space may follow, however much of it there is.
  for (;;) {
    ws();
    if (i < n || eof) break;
    refill();
  }
  if (i !== n || !requests || requests.length === 0) throw notPlain;
  // The rest of the file must pass the published schema as the ordinary reader would check it.
  if (validate(SCHEMA, { ...top, requests: [{ latency_s: 0 }] }, 'scan').length) throw notPlain;
  return { ...runHeader(top as Parameters<typeof runHeader>[0]), requests };

  function requestList(): LatencyColumns {
    const out = new LatencyColumnsBuilder();
    expect(0x5b);
    ws();
    if (buf[i] === 0x5d) {
      i++;
      return out.finish();
    }
    do {
      refill();
      // Requests up to the point where fewer than a window's bytes are left unread.
      i = readRequests(buf, i, eof ? n : n - windowBytes, out);
    } while (moreRequests);
    expect(0x5d);
    return out.finish();
  }
}

// The hot path: module functions that keep the position in a local, not in a variable the
// closures of `scan` share (V8 keeps such a variable in memory, not in a register: 2-3x slower).
// A token's end is left in `tokenEnd`.
let tokenEnd = 0;
/** Whether `readRequests` stopped after a comma, at the start of another request. */
let moreRequests = false;

const WHITESPACE = new Uint8Array(256);
for (const c of [0x20, 0x0a, 0x0d, 0x09]) WHITESPACE[c] = 1;

function skipWhitespace(buf: Buffer, i: number): number {
  while (i < buf.length && WHITESPACE[buf[i]!] === 1) i++;
  return i;
}

/** A string at i (the opening quote); escapes are decoded by JSON.parse of the literal. */
function stringAt(buf: Buffer, i: number): string {
  const start = i++;
  let escaped = false;
  for (;;) {
    const c = buf[i];
    if (c === undefined) throw notPlain;
    if (c === QUOTE) break;
    if (c < 0x20) throw notPlain;
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    }
    i++;
  }
  tokenEnd = ++i;
  if (!escaped) return buf.toString('utf8', start + 1, i - 1);
  try {
    return JSON.parse(buf.toString('utf8', start, i)) as string;
  } catch {
    throw notPlain;
  }
}

/**
 * A number, checked against JSON's grammar. Up to 15 significant digits and a power of ten up
 * to 22 it is one exact division or multiplication of two exact doubles, hence correctly
 * rounded: the same double as Number() and JSON.parse give. Other numbers go through Number().
 */
function numberAt(buf: Buffer, i: number): number {
  const start = i;
  const neg = buf[i] === 0x2d;
  if (neg) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = buf[i];
  if (c === 0x30) c = buf[++i];
  else if (c !== undefined && c >= 0x31 && c <= 0x39) {
    for (; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++i]) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
    }
  } else throw notPlain;
  if (c === 0x2e) {
    const fracStart = ++i;
    for (c = buf[i]; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++i]) {
      mantissa = mantissa * 10 + (c - 0x30);
      if (mantissa !== 0) digits++;
      scale--;
    }
    if (i === fracStart) throw notPlain;
  }
  let exact = digits <= 15;
  if (c === 0x65 || c === 0x45) {
    i++;
    if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
    const expStart = i;
    while (buf[i] !== undefined && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
    if (i === expStart) throw notPlain;
    exact = false;
  }
  tokenEnd = i;
  if (exact && scale >= -22) {
    const v = scale === 0 ? mantissa : mantissa / POW10[-scale]!;
    return neg ? -v : v;
  }
  const v = Number(buf.toString('latin1', start, i));
  // JSON.parse turns 1e400 into Infinity, which the schema rejects: the ordinary reader says so.
  if (!Number.isFinite(v)) throw notPlain;
  return v;
}

function literalAt(buf: Buffer, i: number, word: Buffer, value: Scalar): Scalar {
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word[k]) throw notPlain;
  tokenEnd = i + word.length;
  return value;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** A string, number, true, false or null at i (white space skipped); anything else is not plain. */
function scalarAt(buf: Buffer, i: number): Scalar {
  i = skipWhitespace(buf, i);
  const c = buf[i];
  if (c === QUOTE) return stringAt(buf, i);
  if (c === 0x74) return literalAt(buf, i, TRUE, true);
  if (c === 0x66) return literalAt(buf, i, FALSE, false);
  if (c === 0x6e) return literalAt(buf, i, NULL, null);
  if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return numberAt(buf, i);
  throw notPlain;
}

/** Request keys by length and first byte (each pair names one key), so a key is matched with one lookup and one compare. */
const KEY_BY_HEAD = new Int8Array(32 * 256).fill(-1);
REQUEST_KEYS.forEach((key, k) => (KEY_BY_HEAD[key.length * 256 + key[0]!] = k));

/** Which request key starts at i (a quote), compared as bytes: no string per key; -1 for another key. An escaped key is not plain. */
function requestKeyAt(buf: Buffer, i: number): number {
  const start = ++i;
  for (let c = buf[i]; c !== QUOTE; c = buf[++i]) {
    if (c === undefined || c === BACKSLASH || c < 0x20) throw notPlain;
  }
  const length = i - start;
  tokenEnd = i + 1;
  if (length >= 32) return -1;
  const k = KEY_BY_HEAD[length * 256 + buf[start]!]!;
  if (k < 0) return -1;
  const key = REQUEST_KEYS[k]!;
  for (let j = 1; j < length; j++) if (buf[start + j] !== key[j]) return -1;
  return k;
}

/**
 * Requests of the list from i (white space, then a request) until one is not followed by a comma
 * (`moreRequests` false, the position after it returned) or, after a comma, the position is past
 * `limit` (`moreRequests` true): the caller reads more of the file and calls again.
 */
function readRequests(buf: Buffer, i: number, limit: number, out: LatencyColumnsBuilder): number {
  for (;;) {
    i = readRequest(buf, skipWhitespace(buf, i), out);
    i = skipWhitespace(buf, i);
    if (buf[i] !== 0x2c) {
      moreRequests = false;
      return i;
    }
    i = skipWhitespace(buf, i + 1);
    if (i > limit) {
      moreRequests = true;
      return i;
    }
  }
}

/** One flat request object at i, typed exactly as the schema types it (else not plain); returns the position after it. */
function readRequest(buf: Buffer, i: number, out: LatencyColumnsBuilder): number {
  let index: Scalar | undefined;
  let latencyS: Scalar | undefined;
  let latencyMs: Scalar | undefined;
  let ok: Scalar | undefined;
  let status: Scalar | undefined;
  let phase: Scalar | undefined;
  let concurrency: Scalar | undefined;
  let startS: Scalar | undefined;
  let outputTokens: Scalar | undefined;
  let error: Scalar | undefined;
  if (buf[i] !== 0x7b) throw notPlain;
  i = skipWhitespace(buf, i + 1);
  if (buf[i] !== 0x7d) {
    for (;;) {
      if (buf[i] !== QUOTE) throw notPlain;
      const key = requestKeyAt(buf, i);
      i = skipWhitespace(buf, tokenEnd);
      if (buf[i] !== 0x3a) throw notPlain;
      i = skipWhitespace(buf, i + 1);
      // Numbers, the usual value, without the dispatch of scalarAt.
      const c = buf[i]!;
      const v = c >= 0x30 && c <= 0x39 ? numberAt(buf, i) : scalarAt(buf, i);
      i = skipWhitespace(buf, tokenEnd);
      // Later duplicates win, as in JSON.parse.
      if (key === K_LATENCY_S) latencyS = v;
      else if (key === K_LATENCY_MS) latencyMs = v;
      else if (key === K_I) index = v;
      else if (key === K_OK) ok = v;
      else if (key === K_STATUS) status = v;
      else if (key === K_PHASE) phase = v;
      else if (key === K_CONCURRENCY) concurrency = v;
      else if (key === K_START_S) startS = v;
      else if (key === K_OUTPUT_TOKENS) outputTokens = v;
      else if (key === K_ERROR) error = v;
      if (buf[i] !== 0x2c) break;
      i = skipWhitespace(buf, i + 1);
    }
  }
  if (buf[i] !== 0x7d) throw notPlain;
  if (latencyS === undefined && latencyMs === undefined) throw notPlain;
  if ((latencyS !== undefined && !amount(latencyS)) || (latencyMs !== undefined && !amount(latencyMs))) throw notPlain;
  if ((index !== undefined && !count(index)) || (ok !== undefined && typeof ok !== 'boolean')) throw notPlain;
  if (status !== undefined && status !== null && !(typeof status === 'number' && Number.isInteger(status))) throw notPlain;
  if ((phase !== undefined && typeof phase !== 'string') || (concurrency !== undefined && !(count(concurrency) && (concurrency as number) >= 1))) throw notPlain;
  if ((startS !== undefined && !amount(startS)) || (outputTokens !== undefined && outputTokens !== null && !count(outputTokens))) throw notPlain;
  if (error !== undefined && error !== null && typeof error !== 'string') throw notPlain;
  // As toRequest in request-latencies-json.ts reads it.
  out.push(
    (index as number | undefined) ?? out.count,
    (latencyMs as number | undefined) ?? (latencyS as number) * 1000,
    !isFailed(ok as boolean | undefined, status as number | null | undefined, error as string | null | undefined),
    phase as string | undefined,
    concurrency as number | undefined,
    startS as number | undefined,
    typeof outputTokens === 'number' ? outputTokens : undefined,
  );
  return i + 1;
}

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
import { readSync } from 'node:fs';
import { validate } from '../schemas/validate.js';
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
    while (i < n) {
      const c = buf[i]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      i++;
    }
  };
  const expect = (c: number) => {
    ws();
    if (buf[i] !== c) throw notPlain;
    i++;
  };
  /** A string at i (the opening quote); escapes are decoded by JSON.parse of the literal. */
  const string = (): string => {
    const start = i++;
    let escaped = false;
    for (;;) {
      if (i >= n) throw notPlain;
      const c = buf[i]!;
      if (c === QUOTE) break;
      if (c < 0x20) throw notPlain;
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
      i++;
    }
    i++;
    if (!escaped) return buf.toString('utf8', start + 1, i - 1);
    try {
      return JSON.parse(buf.toString('utf8', start, i)) as string;
    } catch {
      throw notPlain;
    }
  };
  /**
   * A number, checked against JSON's grammar. Up to 15 significant digits and a power of ten up
   * to 22 it is one exact division or multiplication of two exact doubles, hence correctly
   * rounded: the same double as Number() and JSON.parse give. Other numbers go through Number().
   */
  const number = (): number => {
    const start = i;
    const neg = buf[i] === 0x2d;
    if (neg) i++;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    const first = buf[i];
    if (first === 0x30) i++;
    else if (first !== undefined && first >= 0x31 && first <= 0x39) {
      for (let c = buf[i]; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++i]) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
      }
    } else throw notPlain;
    if (buf[i] === 0x2e) {
      i++;
      const fracStart = i;
      for (let c = buf[i]; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++i]) {
        mantissa = mantissa * 10 + (c - 0x30);
        if (mantissa !== 0) digits++;
        scale--;
      }
      if (i === fracStart) throw notPlain;
    }
    let exact = digits <= 15;
    const e = buf[i];
    if (e === 0x65 || e === 0x45) {
      i++;
      if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
      const expStart = i;
      while (buf[i] !== undefined && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
      if (i === expStart) throw notPlain;
      exact = false;
    }
    if (exact && scale >= -22) {
      const v = scale === 0 ? mantissa : mantissa / POW10[-scale]!;
      return neg ? -v : v;
    }
    const v = Number(buf.toString('latin1', start, i));
    // JSON.parse turns 1e400 into Infinity, which the schema rejects: the ordinary reader says so.
    if (!Number.isFinite(v)) throw notPlain;
    return v;
  };
  const literal = (word: string, value: Scalar): Scalar => {
    for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) throw notPlain;
    i += word.length;
    return value;
  };
  const scalar = (): Scalar => {
    ws();
    const c = buf[i];
    if (c === QUOTE) return string();
    if (c === 0x74) return literal('true', true);
    if (c === 0x66) return literal('false', false);
    if (c === 0x6e) return literal('null', null);
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return number();
    throw notPlain;
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
    } else scalar();
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
    for (;;) {
      refill();
      request(out);
      ws();
      if (buf[i] === 0x2c) {
        i++;
        continue;
      }
      expect(0x5d);
      return out.finish();
    }
  }

  /** Which request key is at i (a quote), compared as bytes: no string per key. An escaped key is not plain. */
  function requestKey(): number {
    const start = ++i;
    while (i < n && buf[i] !== QUOTE) {
      if (buf[i] === BACKSLASH || buf[i]! < 0x20) throw notPlain;
      i++;
    }
    if (i >= n) throw notPlain;
    const length = i - start;
    i++;
    for (let k = 0; k < REQUEST_KEYS.length; k++) {
      const key = REQUEST_KEYS[k]!;
      if (key.length !== length) continue;
      let j = 0;
      while (j < length && buf[start + j] === key[j]) j++;
      if (j === length) return k;
    }
    return -1;
  }

  /** One flat request object, typed exactly as the schema types it (else not plain). */
  function request(out: LatencyColumnsBuilder): void {
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
    expect(0x7b);
    ws();
    if (buf[i] !== 0x7d) {
      for (;;) {
        ws();
        if (buf[i] !== QUOTE) throw notPlain;
        const key = requestKey();
        expect(0x3a);
        const v = scalar();
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
        ws();
        if (buf[i] === 0x2c) {
          i++;
          continue;
        }
        break;
      }
    }
    expect(0x7d);
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
  }
}

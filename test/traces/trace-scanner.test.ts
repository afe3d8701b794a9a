/**
 * The streaming trace scanner against JSON.parse: same totals on random traces, whatever the
 * chunking; a syntax error exactly when JSON.parse fails; positions like lineColumnAt.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kernelName, positionOfByte, summariseTrace, type TraceSummary } from '../../src/util/trace-scanner.js';
import { lineColumnAt } from '../../src/util/text.js';

type Row = { name: string; calls: number; totalUs: number };

async function* chunked(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  for (const p of points) {
    if (p > at) yield Buffer.from(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  if (at < bytes.length) yield Buffer.from(bytes.subarray(at));
}

function rows(agg: TraceSummary['kernels']): { rows: Row[]; totalUs: number } {
  return { rows: [...agg.byName.values()].map((r) => ({ ...r })).sort((a, b) => (a.name < b.name ? -1 : 1)), totalUs: agg.totalUs };
}

/** The obvious JSON.parse implementation of the same aggregation. */
function reference(text: string) {
  const doc = JSON.parse(text) as unknown;
  const events = (Array.isArray(doc) ? doc : (doc as { traceEvents: unknown[] }).traceEvents) as unknown[];
  const kernels = new Map<string, Row>();
  const uncategorised = new Map<string, Row>();
  let kTotal = 0;
  let uTotal = 0;
  let badDuration = 0;
  for (const ev of events) {
    if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) continue;
    const e = ev as Record<string, unknown>;
    if (e.ph !== 'X') continue;
    const kernel = e.cat === 'Kernel' || e.cat === 'kernel';
    if (!kernel && 'cat' in e) continue;
    if (typeof e.dur !== 'number' || !(e.dur >= 0) || e.dur === Infinity) {
      badDuration++;
      continue;
    }
    const name = kernelName(typeof e.name === 'string' ? e.name : '') || '(unnamed)';
    const into = kernel ? kernels : uncategorised;
    const row = into.get(name) ?? { name, calls: 0, totalUs: 0 };
    row.calls++;
    row.totalUs += e.dur;
    into.set(name, row);
    if (kernel) kTotal += e.dur;
    else uTotal += e.dur;
  }
  const sorted = (m: Map<string, Row>) => [...m.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { kernels: { rows: sorted(kernels), totalUs: kTotal }, uncategorised: { rows: sorted(uncategorised), totalUs: uTotal }, badDuration };
}

/** A tiny deterministic PRNG so that serialisation choices come from one fast-check seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** JSON text of `v` with random whitespace, `\u` escapes in strings and number spellings. */
function serialise(v: unknown, r: () => number): string {
  const ws = () => [' ', '\n', '\t', '\r\n', '  '][Math.floor(r() * 5)]!.repeat(r() < 0.5 ? 0 : 1);
  const str = (s: string) => {
    let out = '';
    for (const ch of JSON.stringify(s).slice(1, -1).match(/\\u[0-9a-f]{4}|\\.|[\s\S]/g) ?? []) {
      if (ch.length === 1 && r() < 0.1) out += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, r() < 0.5 ? '0' : '0').toUpperCase();
      else out += ch;
    }
    return `"${out}"`;
  };
  const num = (n: number) => {
    const x = r();
    if (Number.isInteger(n) && Math.abs(n) < 1e15 && x < 0.2) return `${n}.000`;
    if (x < 0.3) return n.toExponential();
    if (x < 0.35) return n.toExponential().toUpperCase().replace('E+', 'E');
    return JSON.stringify(n);
  };
  const val = (x: unknown): string => {
    if (typeof x === 'string') return str(x);
    if (typeof x === 'number') return num(x);
    if (x === null || typeof x === 'boolean') return String(x);
    if (Array.isArray(x)) return `[${ws()}${x.map((e) => val(e) + ws()).join(',' + ws())}]`;
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined);
    return `{${ws()}${keys.map((k) => `${str(k)}${ws()}:${ws()}${val(o[k])}${ws()}`).join(',' + ws())}}`;
  };
  return ws() + val(v) + ws();
}

const kernelNames = ['x}, {"ph": "X", "cat": "Kernel", "dur": 5}', 'matmul', 'volta_sgemm_128x64_nn', 'void phi::funcs::VectorizedElementwiseKernel<float, 4>(...)', 'naïve ker\u00e9nel 😀', 'a"b\\c', '', 'x[1s]'];
const arbName = fc.oneof(
  fc.constantFrom(...kernelNames),
  fc.tuple(fc.constantFrom(...kernelNames), fc.double({ min: 0, max: 1e4, noNaN: true })).map(([n, ms]) => `${n}[${ms.toFixed(3)} ms]`),
  fc.string({ maxLength: 12 }),
);
const arbEvent = fc.record(
  {
    name: fc.oneof(arbName, fc.integer()),
    ph: fc.constantFrom('X', 'X', 'B', 'E', 'i', 'M', 'XX', 1),
    cat: fc.constantFrom('Kernel', 'kernel', 'Operator', 'CudaRuntime', 'KERNEL', 7, null),
    dur: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 1e9 }), fc.constantFrom(-1, '12.5', null, 0, 1e300)),
    ts: fc.integer({ min: 0, max: 2 ** 53 }),
    pid: fc.integer({ min: 0, max: 99999 }),
    tid: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.nat(99999).map((t) => `${t}(Python)`)),
    args: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ['ph'] },
);
const arbTrace = fc.oneof(
  fc.array(fc.oneof(arbEvent, fc.jsonValue({ maxDepth: 1 })), { maxLength: 25 }),
  fc.record({
    schemaVersion: fc.constantFrom('1.0.0', '1.0.1'),
    displayTimeUnit: fc.constant('ms'),
    span_indx: fc.constant('0'),
    traceEvents: fc.array(arbEvent, { maxLength: 25 }).map((evs) => [...evs, {}]),
    ExtraInfo: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })),
  }),
);

describe('trace scanner', () => {
  it('equals a JSON.parse reference on random traces, for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(arbTrace, fc.nat(), fc.array(fc.nat(), { maxLength: 40 }), async (trace, seed, cuts) => {
        const text = serialise(trace, rng(seed));
        const want = reference(text);
        const got = await summariseTrace(chunked(Buffer.from(text), cuts));
        expect(got.failure).toBeUndefined();
        expect(rows(got.kernels)).toEqual(want.kernels);
        expect(rows(got.uncategorised)).toEqual(want.uncategorised);
        expect(got.badDuration).toBe(want.badDuration);
      }),
      { numRuns: 400, seed: 1 },
    );
  });

  it('gives identical results for every chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(arbTrace, fc.nat(), fc.integer({ min: 1, max: 64 }), async (trace, seed, size) => {
        const bytes = Buffer.from(serialise(trace, rng(seed)));
        const whole = await summariseTrace(chunked(bytes, []));
        const cuts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, k) => k * size);
        const split = await summariseTrace(chunked(bytes, cuts));
        expect(rows(split.kernels)).toEqual(rows(whole.kernels));
        expect(rows(split.uncategorised)).toEqual(rows(whole.uncategorised));
        expect(split.failure).toEqual(whole.failure);
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it('reports a syntax error exactly when JSON.parse fails, at the same place for any chunking', async () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '-', '0', '1', '.', 'e', 't', 'n', ' ', '\n', 'x', '\u0001'];
    await fc.assert(
      fc.asyncProperty(
        arbTrace,
        fc.nat(),
        fc.nat(),
        fc.nat({ max: 6 }),
        fc.constantFrom(...pieces, ''),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (trace, seed, at, cut, insert, cuts) => {
          const base = serialise(trace, rng(seed));
          const p = at % (base.length + 1);
          const text = base.slice(0, p) + insert + base.slice(p + cut);
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          const whole = await summariseTrace(chunked(Buffer.from(text), []));
          const split = await summariseTrace(chunked(Buffer.from(text), cuts));
          expect(whole.failure?.kind === 'syntax').toBe(!valid);
          expect(split.failure).toEqual(whole.failure);
        },
      ),
      { numRuns: 600, seed: 3 },
    );
  });

  it('locates bytes like lineColumnAt locates characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '\n', '\r', '\r\n', ' ') as fc.Arbitrary<string>, maxLength: 60 }), fc.nat(), fc.array(fc.nat(), { maxLength: 8 }), async (text, k, cuts) => {
        const chars = [...text];
        const prefix = chars.slice(0, k % (chars.length + 1)).join('');
        const bytes = Buffer.from(text);
        const got = await positionOfByte(chunked(bytes, cuts), Buffer.byteLength(prefix));
        expect(got).toEqual(lineColumnAt(text, prefix.length));
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});

describe('trace scanner details', () => {
  const run = (text: string | Buffer) => summariseTrace(chunked(Buffer.isBuffer(text) ? text : Buffer.from(text), []));

  it('strips Paddle duration suffixes only when they are one', () => {
    expect(kernelName('matmul[0.123 ms]')).toBe('matmul');
    expect(kernelName('Kernel<float[4]>')).toBe('Kernel<float[4]>');
    expect(kernelName('copy[12us]')).toBe('copy');
    expect(kernelName('x[1.s]')).toBe('x[1.s]');
  });

  it('reads Paddle quirks: string tids, suffixes, the trailing {}', async () => {
    const text = `{ "schemaVersion": "1.0.1", "displayTimeUnit": "ms", "span_indx": "0",
      "traceEvents": [
  { "name": "matmul[0.010 ms]", "pid": 0, "tid": 7, "ts": 100, "dur": 10.25, "ph": "X", "cat": "Kernel", "args": {"grid": [1, 2, 3]} },
  { "name": "matmul[0.005 ms]", "pid": 4242, "tid": "4242(Python)", "ts": 90, "dur": 30, "ph": "X", "cat": "Operator" },
  { "name": "matmul[0.005 ms]", "pid": 0, "tid": 7, "ts": 120, "dur": 5.5, "ph": "X", "cat": "Kernel" },
  {}
  ],
  "ExtraInfo": { "7": "stream" } }`;
    const s = await run(text);
    expect(rows(s.kernels)).toEqual({ rows: [{ name: 'matmul', calls: 2, totalUs: 15.75 }], totalUs: 15.75 });
    expect(s.failure).toBeUndefined();
  });

  it('skips a byte-order mark and tolerates escapes split across chunks', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"n\\u0061me":"a\\"b","ph":"X","dur":1e1}]')]);
    for (let size = 1; size <= 4; size++) {
      const cuts = Array.from({ length: text.length }, (_, k) => k * size);
      const s = await summariseTrace(chunked(text, cuts));
      expect(rows(s.uncategorised).rows).toEqual([{ name: 'a"b', calls: 1, totalUs: 10 }]);
    }
  });

  it('reports truncation at the end, and a non-array traceEvents with its pointer', async () => {
    const t = await run('{"traceEvents": [{"name": "a", "ph": "X"');
    expect(t.failure).toMatchObject({ kind: 'syntax', offset: 40 });
    expect(t.failure!.message).toContain('truncated');
    const n = await run('{"traceEvents": {"a": 1}}');
    expect(n.failure).toMatchObject({ kind: 'shape', pointer: '/traceEvents', offset: 16 });
    const m = await run('{"displayTimeUnit": "ms"}');
    expect(m.failure).toMatchObject({ kind: 'shape', pointer: '/traceEvents' });
  });

  it('counts unusable durations with a pointer to the first', async () => {
    const s = await run('[{"ph":"X","cat":"kernel","name":"k","dur":"3"},{"ph":"X","cat":"kernel","name":"k","dur":-2}]');
    expect(s.badDuration).toBe(2);
    expect(s.firstBadDuration).toBe('/0/dur');
  });
});

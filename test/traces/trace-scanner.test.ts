/**
 * The streaming trace scanner against JSON.parse: same totals on random traces, whatever the
 * chunking; a syntax error exactly when JSON.parse fails; positions like lineColumnAt.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positionOfByte } from '../../src/adapters/_trace/trace-scanner.js';
import { kernelName, primeScanner, summariseTrace, type TraceSummary } from '../../src/adapters/_trace/trace-summary.js';
import { arbTrace, chunked, rng, serialise } from './_trace-gen.js';
import { lineColumnAt } from '../../src/util/text.js';

type Row = { name: string; calls: number; totalUs: number };

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
          const valid = parses(text) || openEndedArray(text);
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

  it('primes the scanner (for big traces) without changing what it reads next', async () => {
    const text = '[{"name":"gemm[0.01 ms]","ph":"X","cat":"Kernel","dur":2.5},{"name":"gemm","ph":"X","cat":"kernel","dur":1e0}]';
    const before = rows((await run(text)).kernels);
    primeScanner();
    primeScanner();
    expect(rows((await run(text)).kernels)).toEqual(before);
    expect(before).toEqual({ rows: [{ name: 'gemm', calls: 2, totalUs: 3.5 }], totalUs: 3.5 });
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

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A bare array whose closing `]` is missing after a whole element (or its comma): the trace event format allows it. */
function openEndedArray(text: string): boolean {
  const t = text.replace(/[ \t\n\r]+$/, '');
  if (!t.replace(/^\uFEFF/, '').trimStart().startsWith('[')) return false;
  if (parses(`${t}]`)) return true;
  const body = t.slice(0, -1).replace(/[ \t\n\r]+$/, '');
  return t.endsWith(',') && !body.endsWith('[') && !body.endsWith(',') && parses(`${body}]`);
}

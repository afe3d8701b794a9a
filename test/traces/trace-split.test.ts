/**
 * A trace cut in two and scanned as two parts gives what one pass gives: for any cut (an element
 * start or not), any chunking, valid or broken input, and begin/end pairs that span the cut.
 * Sums may differ in the last bits only (they are added in another order).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cutCandidate, findSplit, summariseTraceFile } from '../../src/adapters/_trace/trace-file.js';
import { scanSecondPart, summariseSplit, summariseTrace, type KernelTable, type PartData, type TraceSummary } from '../../src/adapters/_trace/trace-summary.js';
import { arbTrace, chunked, rng, serialise } from './_trace-gen.js';

function expectSameTable(got: KernelTable, want: KernelTable): void {
  const rows = (t: KernelTable) => [...t.byName.values()].map((r) => ({ ...r })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const g = rows(got);
  const w = rows(want);
  expect(g.map((r) => [r.name, r.calls])).toEqual(w.map((r) => [r.name, r.calls]));
  g.forEach((r, k) => expect(r.totalUs).toBeCloseTo(w[k]!.totalUs, 6));
  expect(got.totalUs).toBeCloseTo(want.totalUs, 6);
  expect(got.events).toBe(want.events);
}

function expectSameSummary(got: TraceSummary, want: TraceSummary): void {
  expect(got.failure).toEqual(want.failure);
  if (want.failure) return; // what was counted before a failure is not reported
  expectSameTable(got.kernels, want.kernels);
  expectSameTable(got.uncategorised, want.uncategorised);
  expectSameTable(got.spanKernels, want.spanKernels);
  expect([got.badDuration, got.firstBadDuration, got.unpairedSpans, got.firstUnpairedSpan]).toEqual([want.badDuration, want.firstBadDuration, want.unpairedSpans, want.firstUnpairedSpan]);
  expect([got.openEnded, got.uncategorisedOverlaps]).toEqual([want.openEnded, want.uncategorisedOverlaps]);
}

/** Summarise `bytes` cut at `offset`, both parts in this thread; `lostWorker` makes the second part unavailable. */
async function cutAt(bytes: Buffer, offset: number, cuts: number[], lostWorker = false): Promise<{ summary: TraceSummary; merged: boolean }> {
  const objectForm = bytes.toString('utf8').replace(/^\uFEFF?\s*/, '').startsWith('{');
  const read = (start: number, end?: number) => chunked(bytes.subarray(start, end), cuts);
  const split = { offset, objectForm };
  let merged = true;
  const second: Promise<PartData | undefined> = lostWorker ? Promise.resolve(undefined) : scanSecondPart(read(offset), split);
  const summary = await summariseSplit(read, split, second, () => (merged = false));
  return { summary, merged };
}

/** Begin/end pairs on three threads, nested and interleaved, some left open or closed twice. */
const arbSpans = fc
  .array(fc.record({ thread: fc.nat(2), ph: fc.constantFrom('B', 'E', 'E', 'X'), cat: fc.constantFrom('Kernel', 'kernel', 'Operator'), name: fc.constantFrom('gemm', 'attn', 'copy[0.1 ms]'), step: fc.integer({ min: 0, max: 50 }), ts: fc.constantFrom('number', 'number', 'number', 'string') }), { maxLength: 60 })
  .map((ops) => {
    let ts = 1000;
    const traceEvents = ops.map((o) => {
      ts += o.step;
      return { name: o.name, ph: o.ph, cat: o.cat, pid: 7, tid: o.thread === 2 ? '7(Python)' : o.thread, ts: o.ts === 'number' ? ts : String(ts), ...(o.ph === 'X' ? { dur: o.step } : {}) };
    });
    return { traceEvents: [...traceEvents, {}] };
  });

describe('trace split', () => {
  it('equals one pass for any cut of random traces, merged whenever the cut is an element start', async () => {
    let merges = 0;
    let candidates = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbTrace, arbSpans), fc.nat(), fc.nat(), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (trace, seed, at, nearCandidate, cuts, lostWorker) => {
        const bytes = Buffer.from(serialise(trace, rng(seed)));
        let offset = 1 + (at % bytes.length);
        if (nearCandidate) {
          const c = cutCandidate(bytes.subarray(offset));
          if (c >= 0) {
            offset += c;
            candidates++;
          }
        }
        const want = await summariseTrace(chunked(bytes, []));
        const { summary, merged } = await cutAt(bytes, offset, cuts, lostWorker);
        if (merged) merges++;
        expectSameSummary(summary, want);
      }),
      { numRuns: 500, seed: 11 },
    );
    // Most candidates are real element starts: the merge path is what was tested.
    expect(merges).toBeGreaterThan(candidates / 3);
  });

  it('fails at the same byte as one pass on broken traces, wherever the cut', async () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '-', '0', '.', 'e', 'x', '\u0001', '},{'];
    await fc.assert(
      fc.asyncProperty(arbTrace, fc.nat(), fc.nat(), fc.nat({ max: 6 }), fc.constantFrom(...pieces, ''), fc.nat(), async (trace, seed, at, cut, insert, where) => {
        const base = serialise(trace, rng(seed));
        const p = at % (base.length + 1);
        const bytes = Buffer.from(base.slice(0, p) + insert + base.slice(p + cut));
        if (bytes.length < 2) return;
        let offset = 1 + (where % (bytes.length - 1));
        const c = cutCandidate(bytes.subarray(offset));
        if (c >= 0) offset += c;
        const want = await summariseTrace(chunked(bytes, []));
        const { summary } = await cutAt(bytes, offset, []);
        expectSameSummary(summary, want);
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('pairs a B before the cut with its E after it', async () => {
    const text = `{"traceEvents": [
      {"name": "gemm", "ph": "B", "cat": "Kernel", "pid": 1, "tid": 2, "ts": 10},
      {"name": "x", "ph": "X", "cat": "Kernel", "pid": 1, "tid": 3, "ts": 11, "dur": 1},
      {"name": "gemm", "ph": "E", "cat": "Kernel", "pid": 1, "tid": 2, "ts": 25},
      {"name": "lost", "ph": "E", "cat": "Kernel", "pid": 1, "tid": 9, "ts": 30}
    ]}`;
    const bytes = Buffer.from(text);
    const offset = bytes.indexOf('{"name": "gemm", "ph": "E"');
    const { summary, merged } = await cutAt(bytes, offset, []);
    expect(merged).toBe(true);
    expect([...summary.spanKernels.byName.values()]).toEqual([{ name: 'gemm', calls: 1, totalUs: 15 }]);
    expect([summary.unpairedSpans, summary.firstUnpairedSpan]).toEqual([1, '/traceEvents/3']);
  });
});

describe('cut candidates', () => {
  it('finds the start of an element after its predecessor, whitespace allowed', () => {
    expect(cutCandidate(Buffer.from('"a": 1\n  },\n  \n  { "name"'))).toBe(17);
    expect(cutCandidate(Buffer.from('},{'))).toBe(2);
    expect(cutCandidate(Buffer.from('{ "a": {}, "b": [1, {'))).toBe(-1);
    expect(cutCandidate(Buffer.from('{'))).toBe(-1);
  });
});

describe('trace files on two cores', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-split-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return { path: p, size: Buffer.byteLength(text), gzip: false, head: text.slice(0, 4096), stream: () => createReadStream(p) };
  };
  const events = (n: number, extra = '') =>
    Array.from({ length: n }, (_, k) => `  {"name": "k${k % 7}[0.01${k % 10} ms]", "ph": "${k % 3 === 0 ? 'B' : k % 3 === 1 ? 'E' : 'X'}", "cat": "Kernel", "pid": 1, "tid": ${k % 2}, "ts": ${k * 10}, "dur": ${(k % 13) + 0.5}${extra}}`).join(',\n');

  it('summarises in a worker thread what one pass summarises', async () => {
    const input = file('big.paddle_trace.json', `{ "schemaVersion": "1.0.1", "traceEvents": [\n${events(3000)},\n  {}\n], "ExtraInfo": {} }\n`);
    expect(await findSplit(input)).toBeDefined();
    expectSameSummary(await summariseTraceFile(input, 0), await summariseTrace(input.stream()));
  });

  it('scans alone when the middle falls inside a long string that looks like events', async () => {
    const fake = `}, {`.repeat(20000);
    const input = file('string.json', `[{"name": "a", "ph": "X", "dur": 1, "args": {"s": "${fake}"}}, {"name": "b", "ph": "X", "dur": 2}]`);
    const summary = await summariseTraceFile(input, 0);
    expect(summary.failure).toBeUndefined();
    expect([...summary.uncategorised.byName.keys()]).toEqual(['a', 'b']);
  });

  it('in a worker too: a bare array without its `]`, and nested uncategorised spans across the cut', async () => {
    // Call spans of one thread, parent written after its children: every third one contains the two before it.
    const spans = Array.from({ length: 3000 }, (_, k) => {
      const base = Math.floor(k / 3) * 100;
      const [ts, dur] = k % 3 === 2 ? [base, 90] : [base + 10 + (k % 3) * 40, 30];
      return `{"name": "f${k % 3}", "ph": "X", "pid": 1, "tid": 1, "ts": ${ts}, "dur": ${dur}}`;
    });
    const input = file('open.json', `[\n${spans.join(',\n')},\n`);
    expect(await findSplit(input)).toBeDefined();
    const whole = await summariseTrace(input.stream());
    expect(whole.failure).toBeUndefined();
    expect(whole.openEnded).toBe(true);
    expect(whole.uncategorisedOverlaps).toBe(1000);
    expectSameSummary(await summariseTraceFile(input, 0), whole);
  });

  it('reports an error in the second half at its byte, as one pass does', async () => {
    const text = `[\n${events(3000)},\n${events(1000, ', "bad": 01')}\n]`;
    const input = file('broken.json', text);
    const bad = text.indexOf('"bad": 01') + 8;
    expect(bad).toBeGreaterThan((await findSplit(input))!.offset);
    const got = await summariseTraceFile(input, 0);
    expect(got.failure).toMatchObject({ kind: 'syntax', offset: bad });
    expect(got.failure).toEqual((await summariseTrace(input.stream())).failure);
  });
});

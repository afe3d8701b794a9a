/**
 * The byte scanner of large request-latencies JSON gives exactly the run that JSON.parse + the
 * schema check + toRun give, or declines (then the adapter reads the file the ordinary way).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanLatencyFile, scanLatencyRun } from '../../src/adapters/_request-latencies-scan.js';
import { check, toRun, type LatencyFile } from '../../src/adapters/request-latencies-json.js';

/** The ordinary reader: undefined where it reports diagnostics instead of a run. */
function reference(text: string): ReturnType<typeof toRun> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return check(value, 'x.json').length ? undefined : toRun(value as LatencyFile);
}

const scalar = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -3, max: 600 }),
  fc.constantFrom(true, false, null, 0, 1, 200, 503, 0.5, -0),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('seq', 'c4', 'a"b', 'x\\ny', '中文', 'tab\there'),
);
const request = fc.dictionary(fc.constantFrom('i', 'latency_s', 'latency_ms', 'ok', 'status', 'phase', 'concurrency', 'start_s', 'output_tokens', 'error', 'extra'), scalar, {
  maxKeys: 6,
});
const plainRequest = fc.record(
  { i: fc.nat(1000), latency_s: fc.double({ min: 0, max: 100, noNaN: true }), ok: fc.boolean(), status: fc.constantFrom(200, 429, null), phase: fc.constantFrom('seq', 'c4') },
  { requiredKeys: ['latency_s'] },
);
const top = (requests: fc.Arbitrary<unknown[]>) =>
  fc.record(
    { model: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), params: fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 3 }), duration_s: fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constant(-1)), requests },
    { requiredKeys: ['requests'] },
  );
const layout = fc.constantFrom(0, 2, '\t');

describe('scanLatencyRun', () => {
  it('equals JSON.parse + check + toRun whenever it reads a file, on random (also invalid) files', () => {
    fc.assert(
      fc.property(top(fc.array(fc.oneof(request, plainRequest), { maxLength: 6 })), layout, (doc, indent) => {
        const text = JSON.stringify(doc, null, indent);
        const got = scanLatencyRun(Buffer.from(text));
        const want = reference(text);
        if (got !== undefined) expect(got).toEqual(want);
        if (want === undefined) expect(got).toBeUndefined();
      }),
      { numRuns: 1500, seed: 16 },
    );
  });

  it('reads every plain file a timing script writes', () => {
    fc.assert(
      fc.property(fc.array(plainRequest, { minLength: 1, maxLength: 20 }), layout, (requests, indent) => {
        const text = JSON.stringify({ model: 'm', params: { c: 4 }, requests }, null, indent);
        expect(scanLatencyRun(Buffer.from(text))).toEqual(reference(text));
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('reads a file in chunks as it reads it whole, wherever the chunks and the window end', () => {
    fc.assert(
      fc.property(fc.array(plainRequest, { minLength: 1, maxLength: 20 }), layout, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), (requests, indent, chunk, window) => {
        const text = JSON.stringify({ model: 'm', requests, params: { c: 4 } }, null, indent);
        const whole = Buffer.from(text);
        let from = 0;
        // Short reads of at most `chunk` bytes, as a pipe or a slow disk gives them.
        const chunks = (into: Buffer, at: number) => {
          const copied = whole.copy(into, at, from, Math.min(whole.length, from + chunk));
          from += copied;
          return copied;
        };
        const got = scanLatencyRun(chunks, window);
        // A request larger than the window is declined (the ordinary reader takes the file), else the run is the same.
        if (got !== undefined || window >= whole.length) expect(got).toEqual(reference(text));
        if (window >= 200) expect(got).toBeDefined();
      }),
      { numRuns: 400, seed: 18 },
    );
  });

  it('agrees with the ordinary reader on every fixture and declines what it does not read', () => {
    const root = path.join(import.meta.dirname, '..', 'fixtures', 'adapters', 'request-latencies-json');
    for (const sub of ['ok', 'bad']) {
      for (const f of readdirSync(path.join(root, sub)).filter((x) => !x.endsWith('.expected.json'))) {
        const buf = readFileSync(path.join(root, sub, f));
        const got = scanLatencyRun(buf);
        if (sub === 'ok') expect(got, f).toEqual(reference(buf.toString('utf8')));
        else expect(got, f).toBeUndefined();
      }
    }
    for (const odd of ['\uFEFF{"requests":[{"latency_s":1}]}', '{"requests":[{"latency_s":1,"x":{}}]}', '{"requests":[]}', '{"requests":[{"latency_s":01}]}', '{"requests":[{"latency_s":1}]} x', '{"__proto__":{},"requests":[{"latency_s":1}]}', '{"requests":[{"latency\\u005fs":1}]}', '{"requests":[{"latency_s":1} {"latency_s":2}]}', '{"requests":[{"latency_s":1},]}', '{"requests":[{"latency_s":1,}]}', '{"requests":[{"latency_s":1 "ok":true}]}', '{"requests":[{"latency_s":1}', '{"requests":[{"latency_s":1.}]}', '{"requests":[{"latency_s":.5}]}']) {
      expect(scanLatencyRun(Buffer.from(odd)), odd).toBeUndefined();
    }
    // Numbers beyond the fast path (exponents, 16+ digits, overflow) read as JSON.parse reads them.
    for (const edge of ['{"requests":[{"latency_s":1e400}]}', '{"requests":[{"latency_s":0.12345678901234567890}]}', '{"requests":[{"latency_s":2.5E-3,"i":1e2}]}', '{"requests":[{"latency_s":-0.0}]}']) {
      const got = scanLatencyRun(Buffer.from(edge));
      const want = reference(edge);
      if (got === undefined) expect(want, edge).toBeUndefined();
      else expect(got, edge).toEqual(want);
    }
  });

  it('reads a file in a worker thread as it reads it here, also two at once (as compare reads a baseline and a candidate over 16 MiB)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latency-worker-'));
    try {
      const file = path.join(dir, 'big.json');
      const requests = Array.from({ length: 3000 }, (_, i) => ({ i, latency_s: 0.5 + (i % 97) / 1000, ok: i % 13 !== 0, status: i % 13 ? 200 : 503, phase: i < 1500 ? 'warm' : 'c4', concurrency: i < 1500 ? 1 : 4 }));
      writeFileSync(file, JSON.stringify({ model: 'm', params: { c: 4 }, requests }, null, 2));
      // Two at once, as compare reads them: one in the worker, the other in this thread.
      const [inWorker, here] = await Promise.all([scanLatencyFile(file), scanLatencyFile(file)]);
      expect(inWorker).toBeDefined();
      expect(inWorker).toEqual(reference(readFileSync(file, 'utf8')));
      expect(here).toEqual(inWorker);
      // Not plain: the worker says so, and the adapter reads the file the ordinary way.
      writeFileSync(file, '{"requests":[{"latency_s":1,"x":{}}]}');
      expect(await scanLatencyFile(file)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

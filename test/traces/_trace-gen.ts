/** Random Chrome traces as JSON text (random whitespace, escapes, number spellings) for the trace tests. */
import fc from 'fast-check';

export async function* chunked(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  for (const p of points) {
    if (p > at) yield Buffer.from(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  if (at < bytes.length) yield Buffer.from(bytes.subarray(at));
}

/** A tiny deterministic PRNG so that serialisation choices come from one fast-check seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** JSON text of `v` with random whitespace, `\u` escapes in strings and number spellings. */
export function serialise(v: unknown, r: () => number): string {
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
export const arbEvent = fc.record(
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
export const arbTrace = fc.oneof(
  fc.array(fc.oneof(arbEvent, fc.jsonValue({ maxDepth: 1 })), { maxLength: 25 }),
  fc.record({
    schemaVersion: fc.constantFrom('1.0.0', '1.0.1'),
    displayTimeUnit: fc.constant('ms'),
    span_indx: fc.constant('0'),
    traceEvents: fc.array(arbEvent, { maxLength: 25 }).map((evs) => [...evs, {}]),
    ExtraInfo: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })),
  }),
);

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { describeValue, isObject, parseJson } from '../util/json.js';
import { stripBom } from '../util/text.js';
import { gpuSamplesRecord, noteDevice, roundsOf, type GpuDevice, type GpuPoint } from './_gpu-samples.js';
import type { Adapter } from './types.js';

/** ISO 8601 date-time; without a zone it is read as a UTC wall clock (tS only needs differences). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Contributors' own sampling loops, one JSON object per line:
 * `{"t": 12.5 | "2026-09-07T07:00:31.5Z", "gpu": 0, "util_pct": 97, "mem_used_mib": 59344}`,
 * optional `name` and `mem_total_mib`. `t` is seconds (any origin) or an ISO 8601 string.
 */
export const adapter: Adapter = {
  id: 'gpu-jsonl',
  kind: 'gpu-samples',
  title: 'GPU samples as JSON lines (`{"t", "gpu", "util_pct", "mem_used_mib"}`, contributors\' own loops)',
  recognisedBy: 'a first line that is a JSON object with `util_pct` and `mem_used_mib` keys',
  extracts: 'devices, sampling rounds, duration, utilisation avg/max, peak memory, per-line series',
  cannotKnow:
    'device names and total memory unless the lines carry them',

  detect(input) {
    const first = stripBom(input.headLines()[0]!).trim();
    if (/^\{.*"util_pct"\s*:.*\}$/.test(first) && first.includes('"mem_used_mib"')) return 0.95;
    return 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const devices = new Map<number, GpuDevice>();
    const points: GpuPoint[] = [];
    let n = 0;
    for await (const raw of input.lines()) {
      const text = ++n === 1 ? stripBom(raw) : raw;
      if (text.trim() === '') continue;
      const parsed = parseJson(text, input.displayPath);
      if (!parsed.ok) {
        diagnostics.push({ ...parsed.diagnostic, line: n });
        continue;
      }
      const fail = (key: string, what: string, found: unknown) =>
        diagnostics.push(
          error('gpu-jsonl.bad-value', `expected \`${key}\` to be ${what}, found ${found === undefined ? 'no such key' : describeValue(found)}`, {
            file: input.displayPath,
            line: n,
            column: keyColumn(text, key),
            pointer: key === '' ? '' : `/${key}`,
          }),
        );
      const sample = readSample(parsed.value, fail);
      if (!sample) continue;
      points.push(sample.point);
      noteDevice(devices, sample.device);
    }
    if (diagnostics.length === 0 && points.length === 0) diagnostics.push(error('gpu-jsonl.no-samples', 'no samples: expected lines like {"t": 0.5, "gpu": 0, "util_pct": 97, "mem_used_mib": 59344}', { file: input.displayPath, line: 1, column: 1 }));
    if (diagnostics.length > 0) return { diagnostics };
    return { record: gpuSamplesRecord('gpu-jsonl', devices.values(), points, roundsOf(points)), diagnostics };
  },
};

function readSample(value: unknown, fail: (key: string, what: string, found: unknown) => void): { point: GpuPoint; device: GpuDevice } | undefined {
  if (!isObject(value)) {
    fail('', 'an object per line', value);
    return undefined;
  }
  const v = value;
  let ok = true;
  const num = (key: string, what: string, valid: (x: number) => boolean): number => {
    const x = v[key];
    if (typeof x === 'number' && Number.isFinite(x) && x >= 0 && valid(x)) return x;
    ok = false;
    fail(key, what, x);
    return 0;
  };
  const gpu = v.gpu === undefined ? 0 : num('gpu', 'an integer index', Number.isInteger);
  const util = num('util_pct', 'a number 0-100', (x) => x <= 100);
  const mem = num('mem_used_mib', 'a non-negative number', () => true);
  const total = v.mem_total_mib === undefined ? undefined : num('mem_total_mib', 'a non-negative number', () => true);
  const tMs = v.t === undefined ? undefined : timeMs(v.t);
  if (v.t !== undefined && tMs === undefined) {
    ok = false;
    fail('t', 'seconds (a number) or an ISO 8601 date-time string', v.t);
  }
  if (!ok) return undefined;
  const device: GpuDevice = { index: gpu, ...(typeof v.name === 'string' && v.name !== '' ? { name: v.name } : {}), ...(total === undefined ? {} : { memoryTotalMiB: total }) };
  return { point: { device: gpu, utilPct: util, memUsedMiB: mem, ...(tMs === undefined ? {} : { tMs }) }, device };
}

function timeMs(t: unknown): number | undefined {
  if (typeof t === 'number') return Number.isFinite(t) ? t * 1000 : undefined;
  if (typeof t !== 'string') return undefined;
  const m = ISO.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const frac = m[7] ? Number(`0${m[7]}`) * 1000 : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s) + frac - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** 1-based column of `"key":`'s value in the line, or 1 when the key is absent. */
function keyColumn(line: string, key: string): number {
  const m = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*`).exec(line);
  return m ? m.index + m[0].length + 1 : 1;
}

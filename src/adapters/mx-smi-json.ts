import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isObject, parseJson, pointer } from '../util/json.js';
import { stripBom } from '../util/text.js';
import { gpuSamplesRecord, noteDevice, type GpuDevice, type GpuPoint } from './_gpu-samples.js';
import { parseTimestampLine, VERSION } from './_mxsmi.js';
import type { Adapter } from './types.js';

/**
 * MetaX `mx-smi -j`: a `mx-smi version: X` line, then JSON. MetaX publishes no schema for it; public
 * scripts show a top-level object keyed by bus id (`"0000:01:00.0": {"device_id": 0, "clocks": ...}`)
 * with nested per-card objects. The reading is therefore tolerant and documented here:
 * - GPUs: an array of per-GPU objects; an object whose keys are bus ids; an array under a
 *   `gpus`/`devices`-like key; or a single object that itself has a utilisation field.
 * - In a GPU object (nested objects searched, arrays such as process lists not), leaf paths are
 *   matched case-insensitively: utilisation `/util/` (not memory), used memory `(mem|vram)...used`,
 *   total memory `(mem|vram)...total`. Values are numbers or strings like `37 %`, `858 MiB`.
 * - Memory units come from the value (`858 MiB`) or the key (`vram_used_kb`, `memory_bytes.used`):
 *   B/bytes, KB/KiB, MB/MiB, GB/GiB (K/M/G read as 1024 multiples, as mx-smi's KB are). No unit is
 *   an error, not a guess: pymxsml reports bytes, mx-smi views KB or MiB.
 * - Index: key `gpu`/`index`/`id`/`device_id`, else the position; name: `name`/`board_name`. Time: `timestamp`/`time`/`t`
 *   (seconds, ISO 8601 or `Mon Sep  7 07:00:31 2026`) in the GPU or top-level object.
 * - A sampling log is several snapshots, each after its own version line.
 */
export const adapter: Adapter = {
  id: 'mx-smi-json',
  kind: 'gpu-samples',
  title: 'MetaX `mx-smi -j` JSON snapshots and sampling logs',
  recognisedBy: '`mx-smi version:` line followed by JSON holding per-GPU objects with a `/util/` key and `(mem|vram)...used` memory with units',
  extracts: 'devices (index, bus id, memory), snapshots, duration, utilisation avg/max, peak memory (units -> MiB), series when timestamped',
  cannotKnow:
    'per-process utilisation; timing when snapshots carry no timestamp',

  detect(input) {
    const h = stripBom(input.head);
    const m = /^\s*mx-smi\s+version:[^\n]*\r?\n\s*([{[])/.exec(h);
    if (m) return /util/i.test(h) ? 0.9 : 0.5;
    return 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const devices = new Map<number, GpuDevice>();
    const points: GpuPoint[] = [];
    let snapshots = 0;
    let untimed = false;
    const read = (s: Segment) => {
      const got = readSnapshot(s, input.displayPath, diagnostics);
      if (!got) return;
      snapshots++;
      for (const g of got) {
        if (g.point.tMs === undefined) untimed = true;
        points.push(g.point);
        noteDevice(devices, g.device);
      }
    };
    let seg: Segment = { versionLine: 0, firstLine: 1, lines: [] };
    let n = 0;
    for await (const raw of input.lines()) {
      const text = ++n === 1 ? stripBom(raw) : raw;
      if (VERSION.test(text.trim())) {
        if (seg.lines.some((l) => l.trim() !== '')) read(seg);
        seg = { versionLine: n, firstLine: n + 1, lines: [] };
      } else seg.lines.push(text);
    }
    if (seg.lines.some((l) => l.trim() !== '') || seg.versionLine > 0) read(seg);
    const errors = diagnostics.some((d) => d.severity === 'error');
    if (!errors && points.length === 0) diagnostics.push(error('mx-smi-json.no-gpus', 'no GPU snapshots: expected `mx-smi version: X` followed by `mx-smi -j` JSON', { file: input.displayPath, line: 1, column: 1 }));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    if (untimed) diagnostics.push(warning('mx-smi-json.no-timestamp', 'a snapshot has no `timestamp` field: durationS and the time series are left out', { file: input.displayPath, line: 1, column: 1 }));
    return { record: gpuSamplesRecord('mx-smi', devices.values(), points, snapshots), diagnostics };
  },
};

/** The JSON text after one version line; `firstLine` maps JSON positions back to the file. */
interface Segment {
  versionLine: number;
  firstLine: number;
  lines: string[];
}

interface Leaf {
  path: string[];
  value: unknown;
}

/** One snapshot's GPUs, or undefined (with diagnostics) when it cannot be read. */
function readSnapshot(s: Segment, file: string, diagnostics: Diagnostic[]): { point: GpuPoint; device: GpuDevice }[] | undefined {
  const parsed = parseJson(s.lines.join('\n'), file);
  if (!parsed.ok) {
    const d = parsed.diagnostic;
    diagnostics.push({ ...d, line: (d.line ?? 1) + s.firstLine - 1, message: `${d.message} (snapshot after the version line at line ${s.versionLine || 'none'})` });
    return undefined;
  }
  const where = (ptr: string) => ({ file, line: s.firstLine, column: 1, pointer: ptr });
  const gpus = gpuObjects(parsed.value);
  if (gpus.length === 0) {
    diagnostics.push(error('mx-smi-json.no-utilisation', `no GPU utilisation field in the snapshot starting at line ${s.firstLine}: expected per-GPU objects with a key matching /util/ (e.g. "gpu_util": 37)`, where('')));
    return undefined;
  }
  let ok = true;
  const fail: Fail = (id, message, ptr) => {
    ok = false;
    diagnostics.push(error(id, message, where(ptr)));
  };
  const snapshotTime = isObject(parsed.value) ? timeOf(parsed.value, [], fail) : undefined;
  const out = gpus.flatMap((g, position) => readGpu(g, position, snapshotTime, fail) ?? []);
  return ok ? out : undefined;
}

interface GpuObject {
  ptr: string[];
  value: Record<string, unknown>;
  busId?: string;
}

const BUS_ID = /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i;

/** Per-GPU objects, in the shapes listed in the adapter's doc comment. */
function gpuObjects(v: unknown, at: string[] = []): GpuObject[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => (isObject(x) ? [{ ptr: [...at, String(i)], value: x }] : []));
  if (!isObject(v)) return [];
  const byBus = Object.entries(v).filter(([k, x]) => BUS_ID.test(k) && isObject(x));
  if (byBus.length > 0) return byBus.map(([k, x]) => ({ ptr: [...at, k], value: x as Record<string, unknown>, busId: k }));
  const list = Object.entries(v).find(([k, x]) => /gpu|device/i.test(k) && Array.isArray(x) && x.some(isObject));
  if (list) return gpuObjects(list[1], [...at, list[0]]);
  return leaves(v).some(isUtil) ? [{ ptr: at, value: v }] : [];
}

/** Leaf values under nested objects (arrays, e.g. process lists, are not entered). */
function leaves(v: Record<string, unknown>, path: string[] = []): Leaf[] {
  return Object.entries(v).flatMap(([k, x]) => (isObject(x) ? leaves(x, [...path, k]) : Array.isArray(x) ? [] : [{ path: [...path, k], value: x }]));
}

const joined = (l: Leaf) => l.path.join('.');
const isUtil = (l: Leaf) => /util/i.test(joined(l)) && !/mem|vram/i.test(joined(l));
const isUsed = (l: Leaf) => /(mem|vram).*used|used.*(mem|vram)/i.test(joined(l));
const isTotal = (l: Leaf) => /(mem|vram).*total|total.*(mem|vram)/i.test(joined(l));

type Fail = (id: string, message: string, ptr: string) => void;

function readGpu(g: GpuObject, position: number, snapshotTime: number | undefined, fail: Fail): { point: GpuPoint; device: GpuDevice } | undefined {
  const all = leaves(g.value);
  const at = (l: Leaf) => pointer(...g.ptr, ...l.path);
  const util = all.find(isUtil);
  const used = all.find(isUsed);
  if (!util) fail('mx-smi-json.no-utilisation', 'GPU object has no utilisation field: expected a key matching /util/ (e.g. "gpu_util": 37)', pointer(...g.ptr));
  if (!used) fail('mx-smi-json.no-memory', 'GPU object has no used-memory field: expected a key like "memory_used" or "vram_used" with a unit', pointer(...g.ptr));
  if (!util || !used) return undefined;
  const pct = percent(util.value);
  if (pct === undefined) fail('mx-smi-json.bad-value', `expected a utilisation of 0-100 (like 37 or "37 %"), found ${JSON.stringify(util.value)}`, at(util));
  const usedMiB = mebibytes(used, at, fail);
  const totalLeaf = all.find(isTotal);
  const totalMiB = totalLeaf && mebibytes(totalLeaf, at, fail);
  const index = indexOf(g.value, position);
  const tMs = timeOf(g.value, g.ptr, fail) ?? snapshotTime;
  if (pct === undefined || usedMiB === undefined || (totalLeaf && totalMiB === undefined)) return undefined;
  const name = Object.entries(g.value).find(([k, x]) => /^(name|board_name|product_name)$/i.test(k) && typeof x === 'string' && x !== '')?.[1] as string | undefined;
  const device: GpuDevice = { index, ...(name ? { name } : {}), ...(g.busId ? { busId: g.busId } : {}), ...(totalMiB === undefined ? {} : { memoryTotalMiB: totalMiB }) };
  return { point: { device: index, utilPct: pct, memUsedMiB: usedMiB, ...(tMs === undefined ? {} : { tMs }) }, device };
}

function percent(v: unknown): number | undefined {
  const m = typeof v === 'number' ? [String(v), String(v)] : typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(?:%\s*)?$/.exec(v) : null;
  const x = m ? Number(m[1]) : NaN;
  return Number.isFinite(x) && x >= 0 && x <= 100 ? x : undefined;
}

const UNIT_MIB: Record<string, number> = { b: 1 / 1048576, byte: 1 / 1048576, bytes: 1 / 1048576, kb: 1 / 1024, kib: 1 / 1024, mb: 1, mib: 1, gb: 1024, gib: 1024 };

/** MiB per unit (`KB`, `MiB`, `GB`, `bytes`...; K/M/G as 1024 multiples), undefined if unknown. Also used by mx-smi-dmon. */
export function mibPer(unit: string): number | undefined {
  return UNIT_MIB[unit.toLowerCase()];
}
const KEY_UNIT = /(?:^|[_\-\s(\[])(bytes|byte|b|kib|kb|mib|mb|gib|gb)[)\]]?$/i;

/** A memory amount in MiB, its unit from the value or else from the key path. */
function mebibytes(l: Leaf, at: (l: Leaf) => string, fail: Fail): number | undefined {
  const m = typeof l.value === 'number' ? [String(l.value), String(l.value), undefined] : typeof l.value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(l.value) : null;
  const keyUnit = [...l.path].reverse().map((k) => KEY_UNIT.exec(k)?.[1]).find((u) => u !== undefined);
  const unit = m?.[2] ?? keyUnit;
  if (!m || !(Number(m[1]) >= 0)) {
    fail('mx-smi-json.bad-value', `expected a memory amount like 858 or "858 MiB", found ${JSON.stringify(l.value)}`, at(l));
    return undefined;
  }
  const per = unit === undefined ? undefined : mibPer(unit);
  if (per === undefined) {
    fail('mx-smi-json.no-unit', `expected a memory unit (B, KB, MiB, GB) in the value or the key \`${l.path.join('.')}\`, found ${unit === undefined ? 'none' : `\`${unit}\``}`, at(l));
    return undefined;
  }
  return Number(m[1]) * per;
}

function indexOf(g: Record<string, unknown>, position: number): number {
  const key = Object.keys(g).find((k) => /^(gpu|index|id|device_id)$/i.test(k) && /^\d+$/.test(String(g[k])));
  return key === undefined ? position : Number(g[key]);
}

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([zZ]|[+-]\d{2}:?\d{2})?$/;

/** `timestamp`/`time`/`t` as ms, or undefined when absent (a present, unreadable one fails). */
function timeOf(o: Record<string, unknown>, ptr: string[], fail: Fail): number | undefined {
  const key = Object.keys(o).find((k) => /^(timestamp|time|t)$/i.test(k));
  if (key === undefined) return undefined;
  const ms = timeMs(o[key]);
  if (ms === undefined) fail('mx-smi-json.bad-timestamp', `expected seconds, an ISO 8601 date-time or \`Mon Sep  7 07:00:31 2026\`, found ${JSON.stringify(o[key])}`, pointer(...ptr, key));
  return ms;
}

/** Seconds, ISO 8601 (no zone = UTC wall clock, like the other mx-smi adapters) or asctime. */
function timeMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().replace(' ', 'T');
  if (!ISO.test(s)) return parseTimestampLine(`Timestamp : ${v.trim()}`).tMs;
  const ms = Date.parse(/([zZ]|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { gpuSamplesRecord, noteDevice, roundsOf, type GpuDevice, type GpuPoint } from './_gpu-samples.js';
import { VERSION } from './_mxsmi.js';
import { mibPer } from './mx-smi-json.js';
import type { Adapter } from './types.js';
import { splitCsvLine } from '../util/csv-line.js';

const DAY_MS = 86_400_000;

/** Header names per role, lower case. `gpu` is utilisation when its unit is `%`, an index when `idx`. */
const INDEX = ['dev', 'device', 'index', 'idx', 'gpu'];
const UTIL = ['gpu', 'usage', 'util', 'gpu-util', 'gpu_util', 'gpuutil', 'sm'];
const USED = ['vram', 'vram-used', 'vram_used', 'mem', 'memory', 'mem-used', 'mem_used', 'memory-used', 'memory_used', 'used', 'fb'];
const TOTAL = ['total', 'vram-total', 'vram_total', 'mem-total', 'mem_total', 'memory-total', 'memory_total'];
const BUS = ['bdfid', 'bdf', 'bus-id', 'busid', 'bus_id'];

interface Cell {
  text: string;
  column: number;
}

interface Columns {
  index: number;
  util: number;
  used: number;
  /** MiB per unit of the used column; undefined when it is a percentage of `total`. */
  usedMiB?: number;
  total?: number;
  totalMiB?: number;
  bus?: number;
  time?: number;
  date?: number;
}

/**
 * MetaX `mx-smi dmon ... --format csv`: comma-separated, a names row then a units row (public
 * captures show `dev, die, ..., gpu, visvram, vram, xtt, total, bdfid` over
 * `idx, idx, ..., %, %, %, %, GB,`). Columns are found by name and unit, never position:
 * index `dev` (or a column with unit `idx`), utilisation `gpu`/`usage`/`util` in `%`, used
 * memory `vram`/`mem`/`used` in a size unit or in `%` of `total` (then total is required), bus id
 * `bdfid`, optional `time`/`timestamp` (with `date`). Header rows may repeat; `N/A` skips a row.
 */
export const adapter: Adapter = {
  id: 'mx-smi-dmon',
  kind: 'gpu-samples',
  title: 'MetaX `mx-smi dmon --format csv` monitoring logs',
  recognisedBy: 'a comma-separated names row with `dev` and `vram`/`gpu` columns followed by a units row with `idx` and `%`',
  extracts: 'devices (index, bus id, memory total), sampling rounds, utilisation avg/max, peak memory (vram % x total or MiB), series when a time column exists',
  cannotKnow:
    'per-process utilisation; memory in MiB when only `vram %` is printed without the total',

  detect(input) {
    const rows: string[] = [];
    for (const l of input.headLines()) {
      if (l.trim() !== '' && !VERSION.test(l.trim()) && rows.push(l) === 2) break;
    }
    const names = splitCells(rows[0] ?? '').map((c) => c.text.toLowerCase());
    const units = splitCells(rows[1] ?? '').map((c) => c.text.toLowerCase());
    if (names.length > 2 && names.includes('dev') && names.some((n) => USED.includes(n) || n === 'gpu') && units.includes('idx') && units.includes('%')) return 0.9;
    return /dmon/i.test(input.name) && /mx-?smi|metax/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const at = (line: number, column = 1) => ({ file: input.displayPath, line, column });
    const devices = new Map<number, GpuDevice>();
    const points: GpuPoint[] = [];
    let names: string[] | undefined;
    let headerLine = 0;
    let cols: Columns | undefined;
    let lastTime: { ms: number; dayOffset: number } | undefined;
    let skipped = 0;
    let n = 0;
    for await (const raw of input.lines()) {
      n++;
      if (raw.trim() === '' || VERSION.test(raw.trim())) continue;
      const cells = splitCells(raw);
      const key = cells.map((c) => c.text.toLowerCase());
      if (names && !cols) {
        const units = key.concat(Array<string>(Math.max(0, names.length - key.length)).fill(''));
        const resolved = resolveColumns(names, units);
        if (typeof resolved === 'string') {
          diagnostics.push(error('mx-smi-dmon.missing-column', resolved, at(headerLine)));
          return { diagnostics };
        }
        cols = resolved;
        continue;
      }
      if (!/^\d/.test(key[0]!) && (!names || key.join() === names.join())) {
        // The names row, first or repeated: a units row follows.
        names = key;
        headerLine = n;
        cols = undefined;
        continue;
      }
      if (!names || !cols) {
        diagnostics.push(error('mx-smi-dmon.no-header', `expected a names row like \`dev, die, ..., gpu, vram, total, bdfid\` first, found \`${raw.trim()}\``, at(n)));
        return { diagnostics };
      }
      if (cells.length !== names.length) {
        diagnostics.push(error('mx-smi-dmon.bad-row', `expected ${names.length} comma-separated columns as in the header at line ${headerLine}, found ${cells.length}`, at(n)));
        continue;
      }
      const fail = (c: Cell, what: string) => diagnostics.push(error('mx-smi-dmon.bad-value', `expected ${what}, found \`${c.text}\``, at(n, c.column)));
      const row = readRow(cells, cols, fail);
      if (row === 'skip') skipped++;
      if (!row || row === 'skip') continue;
      if (cols.time !== undefined) {
        const ms = clockMs(cols.date === undefined ? undefined : cells[cols.date]!.text, cells[cols.time]!.text);
        if (ms === undefined) {
          fail(cells[cols.time]!, 'a time like `07:00:31` or `2026-09-07 07:00:31.500`');
          continue;
        }
        // A time of day without a date that runs backwards crossed midnight.
        const dayOffset = ms.dated ? 0 : lastTime && ms.ms < lastTime.ms ? lastTime.dayOffset + DAY_MS : (lastTime?.dayOffset ?? 0);
        lastTime = { ms: ms.ms, dayOffset };
        row.point.tMs = ms.ms + dayOffset;
      }
      points.push(row.point);
      noteDevice(devices, row.device);
    }
    const errors = () => diagnostics.some((d) => d.severity === 'error');
    if (!errors() && points.length === 0) {
      const what = names && !cols ? 'a units row (`idx, idx, C, ..., %, GB,`) under the names row' : 'sample rows under the names and units rows';
      diagnostics.push(error('mx-smi-dmon.no-samples', `no samples: expected ${what}`, at(Math.max(n, 1))));
    }
    if (errors()) return { diagnostics };
    if (skipped > 0) diagnostics.push(warning('mx-smi-dmon.not-available', `${skipped} row(s) show \`N/A\` for utilisation or memory: skipped`, { file: input.displayPath }));
    return { record: gpuSamplesRecord('mx-smi', devices.values(), points, roundsOf(points)), diagnostics };
  },
};

/** Cells with the 1-based column of their trimmed text (util/csv-line.ts, the one CSV splitter). */
function splitCells(line: string): Cell[] {
  const split = splitCsvLine(line);
  return split.ok ? split.cells.map((c) => ({ text: c.value, column: c.column })) : [{ text: line.trim(), column: 1 }];
}

/** Column roles from the names and units rows, or a message naming the missing column. */
function resolveColumns(names: string[], units: string[]): Columns | string {
  const find = (list: string[], unitOk: (u: string) => boolean, not: number[] = []) => {
    const i = names.findIndex((name, i) => list.includes(name) && unitOk(units[i]!) && !not.includes(i));
    return i < 0 ? undefined : i;
  };
  const index = find(INDEX, (u) => u === 'idx' || u === '');
  if (index === undefined) return 'header has no device index column `dev` (unit `idx`)';
  const util = find(UTIL, (u) => u === '%', [index]);
  if (util === undefined) return 'header has no utilisation column `gpu` in `%`: record with `mx-smi dmon --show-usage --format csv`';
  const used = find(USED, (u) => u === '%' || mibPer(u) !== undefined, [index, util]);
  if (used === undefined) return 'header has no used-memory column `vram` (in % or MB): record with `mx-smi dmon --show-memory --format csv`';
  const total = find(TOTAL, (u) => mibPer(u) !== undefined);
  if (units[used] === '%' && total === undefined) return 'header has no `total` memory column (GB/MB), needed because `vram` is in %: add `--total-memory`';
  const opt = (i: number | undefined, k: string) => (i === undefined ? {} : { [k]: i });
  return {
    index,
    util,
    used,
    ...(units[used] === '%' ? {} : { usedMiB: mibPer(units[used]!) }),
    ...opt(total, 'total'),
    ...(total === undefined ? {} : { totalMiB: mibPer(units[total]!) }),
    ...opt(find(BUS, () => true), 'bus'),
    ...opt(find(['time', 'timestamp'], () => true), 'time'),
    ...opt(find(['date'], () => true), 'date'),
  };
}

const NA = /^(n\/a|-|)$/i;

function readRow(cells: Cell[], c: Columns, fail: (c: Cell, what: string) => void): { point: GpuPoint; device: GpuDevice } | 'skip' | undefined {
  const index = cells[c.index]!;
  const util = cells[c.util]!;
  const used = cells[c.used]!;
  const total = c.total === undefined ? undefined : cells[c.total]!;
  if (!/^\d+$/.test(index.text)) return void fail(index, 'a device index');
  if (NA.test(util.text) || NA.test(used.text) || (c.usedMiB === undefined && NA.test(total!.text))) return 'skip';
  const num = (x: Cell) => (/^\d+(\.\d+)?$/.test(x.text) ? Number(x.text) : undefined);
  const u = num(util);
  if (u === undefined || u > 100) return void fail(util, 'a utilisation of 0-100 %');
  const m = num(used);
  if (m === undefined || (c.usedMiB === undefined && m > 100)) return void fail(used, c.usedMiB === undefined ? 'memory used in % (0-100)' : 'memory used as a number');
  const t = total && !NA.test(total.text) ? num(total) : undefined;
  if (total && !NA.test(total.text) && t === undefined) return void fail(total, 'total memory as a number');
  const totalMiB = t === undefined ? undefined : t * c.totalMiB!;
  const memUsedMiB = c.usedMiB === undefined ? (m / 100) * totalMiB! : m * c.usedMiB;
  const device = Number(index.text);
  const bus = c.bus === undefined ? '' : cells[c.bus]!.text;
  return {
    point: { device, utilPct: u, memUsedMiB },
    device: { index: device, ...(bus && !NA.test(bus) ? { busId: bus } : {}), ...(totalMiB === undefined ? {} : { memoryTotalMiB: totalMiB }) },
  };
}

/** A time of day (ms into the day) with an optional date, from one `date time` cell or two. */
function clockMs(date: string | undefined, time: string): { ms: number; dated: boolean } | undefined {
  const m = /^(?:(\d{4})[-/]?(\d{2})[-/]?(\d{2})[ T])?(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(time);
  const d = m?.[1] ? m : date === undefined ? undefined : /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/.exec(date);
  if (!m || (date !== undefined && !d)) return undefined;
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || mi > 59 || s >= 61) return undefined;
  const ofDay = ((h * 60 + mi) * 60 + s) * 1000;
  if (!d) return { ms: Math.round(ofDay), dated: false };
  const [y, mo, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (mo < 1 || mo > 12 || day < 1 || day > 31) return undefined;
  return { ms: Date.UTC(y, mo - 1, day) + Math.round(ofDay), dated: true };
}

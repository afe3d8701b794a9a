import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { splitCsvLine, type CsvCell } from '../util/csv-line.js';
import { stripBom } from '../util/text.js';
import { gpuSamplesRecord, noteDevice, roundsOf, type GpuDevice, type GpuPoint } from './_gpu-samples.js';
import type { Adapter } from './types.js';

/** The field list docs/architecture.md ("Artifact formats") documents; the only one a header-less file can be read with. */
const DEFAULT_FIELDS = ['timestamp', 'index', 'name', 'utilization.gpu', 'memory.used', 'memory.total', 'power.draw'];
const KNOWN = new Set([...DEFAULT_FIELDS, 'pci.bus_id', 'uuid', 'utilization.memory', 'temperature.gpu', 'memory.free']);
/** A header cell: a query field name, optionally with its unit (`memory.used [MiB]`). */
const HEADER_CELL = /^([a-z][a-z0-9_.]*)(?:\s*\[[^\]]*\])?$/i;
const TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
/** `[N/A]`, `[Not Supported]`, `[Unknown Error]`: the value is missing, not malformed. */
const MISSING = /^\[.*\]$|^N\/A$/i;

type Fields = Map<string, number>;

/** `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits] -lms N` sampling logs. */
export const adapter: Adapter = {
  id: 'nvidia-smi-query',
  kind: 'gpu-samples',
  title: 'NVIDIA `nvidia-smi --query-gpu=... --format=csv` sampling logs (with or without header/units)',
  recognisedBy: 'a CSV header of query fields with `utilization.gpu` and `memory.used`, or header-less rows starting `YYYY/MM/DD HH:MM:SS.mmm, <index>, `',
  extracts: 'devices (index, name, bus id, memory), sampling rounds, duration, utilisation avg/max, peak memory, per-row series',
  cannotKnow:
    'fields not in the `--query-gpu` list (memory without `memory.used`)',

  detect(input) {
    const first = stripBom(input.headLines()[0]!);
    const fields = headerFields(first)?.fields;
    if (fields?.has('utilization.gpu') && fields.has('memory.used')) return 0.95;
    if (fields?.has('utilization.gpu') || fields?.has('memory.used')) return 0.6;
    if (/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{3}, \d+, /.test(first)) return 0.85;
    return /nvidia-?smi/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const at = (line: number, column: number) => ({ file: input.displayPath, line, column });
    const devices = new Map<number, GpuDevice>();
    const points: GpuPoint[] = [];
    const ordinals = new Map<string, number>();
    let fields: Fields | undefined;
    let width = 0;
    let skipped = 0;
    let firstSkipped = 0;
    let n = 0;
    for await (const raw of input.lines()) {
      const text = ++n === 1 ? stripBom(raw) : raw;
      if (text.trim() === '') continue;
      const header = headerFields(text);
      // A header may come again where a second `nvidia-smi ... >> file` run was appended.
      if (header) {
        const problem = missingField(header.fields);
        if (problem) {
          diagnostics.push(error('nvidia-smi-query.missing-column', problem, at(n, 1)));
          return { diagnostics };
        }
        ({ fields, width } = header);
        continue;
      }
      const split = splitCsvLine(text);
      if (!split.ok) {
        diagnostics.push(error('nvidia-smi-query.syntax', split.message, at(n, split.column)));
        continue;
      }
      if (!fields) {
        if (split.cells.length !== DEFAULT_FIELDS.length) {
          diagnostics.push(
            error(
              'nvidia-smi-query.no-header',
              `no header row and ${split.cells.length} columns: without a header only the default field list ${DEFAULT_FIELDS.join(',')} (7 columns) can be mapped`,
              { ...at(n, 1), hint: 'record with --format=csv (keep the header) so columns can be mapped by name' },
            ),
          );
          return { diagnostics };
        }
        fields = new Map(DEFAULT_FIELDS.map((f, i) => [f, i]));
        width = DEFAULT_FIELDS.length;
      }
      if (split.cells.length !== width) {
        diagnostics.push(error('nvidia-smi-query.bad-row', `expected ${width} comma-separated values as in the header, found ${split.cells.length}`, at(n, 1)));
        continue;
      }
      const row = readRow(split.cells, fields, ordinals, (message, column) => diagnostics.push(error('nvidia-smi-query.bad-value', message, at(n, column))));
      if (row === 'missing') {
        skipped++;
        firstSkipped ||= n;
      }
      else if (row) {
        points.push(row.point);
        noteDevice(devices, row.device);
      }
    }
    if (diagnostics.length === 0 && points.length === 0) diagnostics.push(error('nvidia-smi-query.no-samples', 'no sample rows: expected lines like `2026/09/07 07:00:31.123, 0, NVIDIA A100-SXM4-80GB, 97 %, 30994 MiB, 81920 MiB, 312.45 W`', at(1, 1)));
    if (diagnostics.length > 0) return { diagnostics };
    if (skipped > 0) diagnostics.push(warning('nvidia-smi-query.not-available', `${skipped} row(s) have no utilization.gpu or memory.used value ([N/A]), the first at line ${firstSkipped}: skipped`, at(firstSkipped, 1)));
    if (fields && !fields.has('index') && !fields.has('pci.bus_id') && !fields.has('uuid')) {
      diagnostics.push(warning('nvidia-smi-query.no-index', 'no index, pci.bus_id or uuid column: every row is read as GPU 0', { file: input.displayPath }));
    }
    return { record: gpuSamplesRecord('nvidia-smi', devices.values(), points, roundsOf(points), { wallClock: true }), diagnostics };
  },
};

/** Field name -> column when every cell of the line is a query field name, else undefined. */
function headerFields(line: string): { fields: Fields; width: number } | undefined {
  const split = splitCsvLine(line);
  if (!split.ok) return undefined;
  const fields: Fields = new Map();
  for (const [i, c] of split.cells.entries()) {
    const m = HEADER_CELL.exec(c.value);
    if (!m) return undefined;
    const name = m[1]!.toLowerCase();
    if (!fields.has(name)) fields.set(name, i);
  }
  return [...fields.keys()].some((f) => KNOWN.has(f)) ? { fields, width: split.cells.length } : undefined;
}

function missingField(fields: Fields): string | undefined {
  const missing = ['utilization.gpu', 'memory.used'].filter((f) => !fields.has(f));
  if (missing.length === 0) return undefined;
  return `header has no \`${missing.join('` or `')}\` column: query at least --query-gpu=timestamp,index,utilization.gpu,memory.used`;
}

/** One row as a point, 'missing' for [N/A] readings, undefined after reporting a bad value. */
function readRow(
  cells: CsvCell[],
  fields: Fields,
  ordinals: Map<string, number>,
  fail: (message: string, column: number) => void,
): { point: GpuPoint; device: GpuDevice } | 'missing' | undefined {
  const cell = (f: string) => (fields.has(f) ? cells[fields.get(f)!] : undefined);
  const text = (f: string) => {
    const c = cell(f);
    return c && !MISSING.test(c.value) && c.value !== '' ? c.value : undefined;
  };
  let bad = false;
  const number = (f: string, unit: RegExp, max = Infinity): number | undefined => {
    const c = cell(f);
    if (!c || text(f) === undefined) return undefined;
    const v = c.value.replace(unit, '').trim();
    if (/^\d+(\.\d+)?$/.test(v) && Number(v) <= max) return Number(v);
    bad = true;
    fail(`expected ${f} as a number${max === 100 ? ' 0-100' : ''}, found \`${c.value}\``, c.column);
    return undefined;
  };
  const util = number('utilization.gpu', /\s*%$/, 100);
  const used = number('memory.used', /\s*MiB$/i);
  const total = number('memory.total', /\s*MiB$/i);
  const index = number('index', /$/);
  let tMs: number | undefined;
  const ts = cell('timestamp');
  if (ts) {
    tMs = parseTimestamp(ts.value);
    if (tMs === undefined) {
      bad = true;
      fail(`expected a timestamp like \`2026/09/07 07:00:31.123\`, found \`${ts.value}\``, ts.column);
    }
  }
  if (bad) return undefined;
  if (util === undefined || used === undefined) return 'missing';
  const busId = text('pci.bus_id');
  const key = busId ?? text('uuid');
  let device = index ?? 0;
  if (index === undefined && key !== undefined) {
    if (!ordinals.has(key)) ordinals.set(key, ordinals.size);
    device = ordinals.get(key)!;
  }
  const name = text('name');
  const info: GpuDevice = { index: device, ...(name ? { name } : {}), ...(busId ? { busId } : {}), ...(total === undefined ? {} : { memoryTotalMiB: total }) };
  return { point: { device, utilPct: util, memUsedMiB: used, ...(tMs === undefined ? {} : { tMs }) }, device: info };
}

/** `2026/09/07 07:00:31.123` as milliseconds, read as a UTC wall clock (no time zone is written). */
function parseTimestamp(s: string): number | undefined {
  const m = TIMESTAMP.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

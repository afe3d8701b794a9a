import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { KernelProfile } from '../records.js';
import { splitCsvLine } from '../util/csv-line.js';
import { stripBom } from '../util/text.js';
import { kernelProfile, type KernelRow } from './_kernel-table.js';
import type { Adapter } from './types.js';

/** Decimal exponent that turns a value in the unit into µs (`12.5e-3` parses exactly). */
const TO_US: Record<string, number> = { ns: -3, us: 0, µs: 0, μs: 0, ms: 3, s: 6 };
const TITLE_UNIT: Record<string, string> = { nanoseconds: 'ns', microseconds: 'us', milliseconds: 'ms', seconds: 's' };
/** The report titles of nsys before 2021 (`CUDA Kernel Statistics (nanoseconds)`), by report. */
const LEGACY_TITLES: [RegExp, string][] = [
  [/^CUDA Kernel Statistics\b/, 'gpukernsum'],
  [/^CUDA API Statistics\b/, 'cudaapisum'],
  [/^CUDA Memory Operation Statistics\b/, 'gpumemtimesum'],
  [/^Operating System Runtime API Statistics\b/, 'osrtsum'],
  [/^NVTX Push-Pop Range Statistics\b/, 'nvtxppsum'],
];
const MAX_ROW_ERRORS = 10;
const HEADER_HINT = '`Time (%)`, `Total Time (ns)`, `Instances`, ..., `Name` (`nsys stats --report cuda_gpu_kern_sum`)';

type Format = 'csv' | 'tsv' | 'column';
interface Cell {
  value: string;
  column: number;
}
/** A table header: where the needed columns are and what the report is. */
interface Header {
  line: number;
  format: Format;
  cells: Cell[];
  unit: string;
  total: number;
  instances: number;
  name: number;
}
type Fail = (id: string, message: string, column: number) => void;

/**
 * `nsys stats` GPU kernel summaries: `cuda_gpu_kern_sum` (and the older `gpukernsum`, and
 * `cuda_gpu_kern_gb_sum`, whose rows per grid/block are summed by name) as CSV, TSV or the
 * console table, alone or within the `nsys profile --stats=true` output of several reports.
 */
export const adapter: Adapter = {
  id: 'nsys-stats',
  kind: 'kernel-profile',
  title: 'Nsight Systems `nsys stats` GPU kernel summary (`cuda_gpu_kern_sum`, older `gpukernsum`): CSV, TSV or console table',
  recognisedBy: 'a `Time (%)`/`Time(%)` + `Total Time` header with `Instances` and `Name` columns, or the report name / `CUDA Kernel Statistics` title; preamble lines skipped',
  extracts: 'top 50 kernels with instances, total/avg µs (any `--timeunit`, thousands separators) and share of kernel time; other reports (cuda_api_sum, osrt_sum) are rejected by name',
  cannotKnow:
    'kernels beyond the top 50 (in the total only); per-launch spread beyond Med/Min/Max/StdDev',

  detect(input) {
    // The best table wins: `--stats=true` output lists the API summary before the kernel one.
    let best = /cuda_gpu_kern_(?:gb_)?sum|gpukernsum|CUDA GPU Kernel Summary|^CUDA Kernel Statistics/m.test(input.head) ? 0.9 : 0;
    for (const [i, line] of input.headLines().entries()) {
      const cells = headerCells(i === 0 ? stripBom(line) : line);
      if (!cells || !isNsysHeader(cells)) continue;
      const cols = kernelColumns(cells);
      best = Math.max(best, cols.instances >= 0 && cols.name >= 0 ? 0.95 : 0.8);
    }
    if (best > 0) return best;
    return /kern_?(?:gb_?)?sum|nsys/i.test(input.name) && /\.(csv|tsv|txt)$/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const at = (line: number, column: number) => ({ file, line, column });
    const diagnostics: Diagnostic[] = [];
    const others: { label: string; line: number }[] = [];
    const rows = new Map<string, KernelRow>();
    let report: string | undefined;
    let titleUnit: string | undefined;
    let skipped: { line: number; text: string } | undefined;
    let header: Header | undefined;
    let inOtherTable = false;
    let rule: [number, number][] | undefined;
    let unnamed = 0;
    let merged = 0;
    let n = 0;
    for await (const raw of input.lines()) {
      const line = ++n === 1 ? stripBom(raw) : raw;
      if (header) {
        if (line.trim() === '' || isPreamble(line)) break;
        if (header.format === 'column' && !rule && /^\s*-+(?:\s+-+)*\s*$/.test(line)) {
          rule = runs(line);
          continue;
        }
        const errors = diagnostics.length;
        const row = parseRow(line, header, rule, (id, message, column) => {
          if (diagnostics.length < MAX_ROW_ERRORS) diagnostics.push(error(id, message, at(n, column)));
        });
        if (!row || diagnostics.length > errors) continue;
        if (row.name === '') {
          row.name = '(unnamed)';
          unnamed++;
        }
        const seen = rows.get(row.name);
        if (seen) {
          merged++;
          seen.calls += row.calls;
          seen.totalUs += row.totalUs;
        } else rows.set(row.name, row);
        continue;
      }
      if (inOtherTable) {
        inOtherTable = line.trim() !== '' && !isPreamble(line);
        if (inOtherTable) continue;
      }
      const context = reportContext(line);
      if (context) {
        report = context.report ?? report;
        titleUnit = context.unit;
        continue;
      }
      if (/^\s*SKIPPED:/.test(line) && (report === undefined || isKernelReport(report))) {
        skipped = { line: n, text: line.trim() };
        continue;
      }
      const cells = headerCells(line);
      if (!cells || !isNsysHeader(cells)) continue;
      const cols = kernelColumns(cells);
      const other = otherReport(cells, report);
      if (other) {
        others.push({ label: other, line: n });
        inOtherTable = true;
        continue;
      }
      const missing = (['Instances', 'Name'] as const).filter((label) => (label === 'Name' ? cols.name : cols.instances) === -1);
      if (missing.length > 0) {
        const found = cells.map((c) => c.value).join(', ');
        return { diagnostics: missing.map((label) => error('nsys-stats.missing-column', `kernel summary header has no \`${label}\` column: expected ${HEADER_HINT}, found ${found}`, at(n, 1))) };
      }
      header = { line: n, format: formatOf(line), cells, unit: unitOf(cells[cols.total]!.value) ?? titleUnit ?? 'ns', ...cols };
    }
    if (!header) {
      const { record, diagnostic } = noTable(others, skipped, at);
      return record ? { record, diagnostics: [diagnostic] } : { diagnostics: [diagnostic] };
    }
    if (diagnostics.length > 0) return { diagnostics };
    if (unnamed > 0) diagnostics.push(warning('nsys-stats.unnamed-kernel', `${unnamed} row(s) without a kernel name, kept as \`(unnamed)\``, at(header.line, 1)));
    // cuda_gpu_kern_gb_sum has a row per grid/block: summing them by name is the point.
    if (merged > 0 && !header.cells.some((c) => key(c) === 'gridxyz')) {
      const why = header.format === 'column' ? ' (the console table cuts names at 100 characters: CSV keeps them whole)' : '';
      diagnostics.push(warning('nsys-stats.merged-rows', `${merged} row(s) repeat an earlier kernel name and were added to it${why}`, at(header.line, 1)));
    }
    if (rows.size === 0) diagnostics.push(warning('nsys-stats.no-kernels', 'the kernel summary has no rows (truncated output?)', at(header.line + 1, 1)));
    const totalUs = [...rows.values()].reduce((s, r) => s + r.totalUs, 0);
    return { record: kernelProfile('nsys-stats', [...rows.values()], totalUs), diagnostics };
  },
};

/** The diagnostic (and, for a skipped kernel report, the empty record) when no kernel table was found. */
function noTable(
  others: { label: string; line: number }[],
  skipped: { line: number; text: string } | undefined,
  at: (line: number, column: number) => { file: string; line: number; column: number },
): { record?: KernelProfile; diagnostic: Diagnostic } {
  if (skipped) {
    return {
      record: kernelProfile('nsys-stats', [], 0),
      diagnostic: warning('nsys-stats.no-kernels', `nsys found no CUDA kernels: \`${skipped.text}\``, at(skipped.line, 1)),
    };
  }
  if (others.length > 0) {
    const list = [...new Set(others.map((o) => o.label))].join(', ');
    return {
      diagnostic: error(
        'nsys-stats.not-kernel-report',
        `this nsys report is not a GPU kernel summary: found ${list}; a kernel profile needs \`nsys stats --report cuda_gpu_kern_sum\` (\`gpukernsum\` before 2021.x)`,
        at(others[0]!.line, 1),
      ),
    };
  }
  return { diagnostic: error('nsys-stats.no-table', `expected a kernel summary header ${HEADER_HINT}, found none`, at(1, 1)) };
}

/** Lines that start another report in `nsys stats`/`nsys profile --stats=true` output. */
function isPreamble(line: string): boolean {
  return /^\s*(?:Processing \[|Generating |\[\d+\/\d+\] Executing|\*\* )/.test(line) || LEGACY_TITLES.some(([re]) => re.test(line.trim()));
}

/** The report a preamble or title line names (`Executing 'x'`, `with [.../x.py]`, `** ... (x):`, legacy titles) and its unit. */
function reportContext(line: string): { report?: string; unit?: string } | undefined {
  const t = line.trim();
  const named = /^\[\d+\/\d+\] Executing '(\w+)'/.exec(t) ?? /^Processing \[.*\] with \[(?:.*[\\/])?(\w+)\.py\]/.exec(t) ?? /^\*\*\s.*\((\w+)\):?$/.exec(t);
  if (named) return { report: named[1] };
  const legacy = LEGACY_TITLES.find(([re]) => re.test(t));
  if (legacy) return { report: legacy[1], unit: TITLE_UNIT[/\((\w+)\)\s*:?$/.exec(t)?.[1] ?? ''] };
  return /^(?:Generating |Processing \[|Exporting |Exported successfully)/.test(t) ? {} : undefined;
}

function isKernelReport(report: string): boolean {
  return /^(?:cuda_gpu_kern_(?:gb_)?sum|gpukern(?:gb)?sum)$/.test(report);
}

function formatOf(line: string): Format {
  if (line.includes('\t')) return 'tsv';
  return /^\s*"?Time ?\(%\)"?\s*,/.test(line) ? 'csv' : 'column';
}

/** Header cells of a CSV, TSV or console line (console cells are separated by 2+ spaces). */
function headerCells(line: string): Cell[] | undefined {
  if (!/Time ?\(%\)/.test(line)) return undefined;
  const format = formatOf(line);
  if (format !== 'column') {
    const split = splitCsvLine(line, format === 'csv' ? ',' : '\t');
    return split.ok ? split.cells : undefined;
  }
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ value: m[0], column: m.index + 1 }));
}

/** `Total Time (ns)` -> `totaltime(ns)`: header cells compared without case and spaces. */
function key(cell: Cell): string {
  return cell.value.toLowerCase().replace(/\s+/g, '');
}

function isNsysHeader(cells: Cell[]): boolean {
  const keys = cells.map(key);
  return keys.includes('time(%)') && keys.some((k) => /^totaltime(?:\(\S+\))?$/.test(k));
}

function kernelColumns(cells: Cell[]): { total: number; instances: number; name: number } {
  const keys = cells.map(key);
  return { total: keys.findIndex((k) => k.startsWith('totaltime')), instances: keys.indexOf('instances'), name: keys.indexOf('name') };
}

/** What a non-kernel nsys table is, named by its report when known, else by its telling column. */
function otherReport(cells: Cell[], report: string | undefined): string | undefined {
  const keys = cells.map(key);
  const known = report !== undefined && !isKernelReport(report);
  const label = (what: string, column: string, like: string) => (known ? `\`${report}\` (a ${what})` : `a ${what} (\`${column}\` column, as in ${like})`);
  const calls = keys.includes('numcalls') ? 'Num Calls' : keys.includes('calls') ? 'Calls' : undefined;
  if (calls) return label('calls summary', calls, 'cuda_api_sum or osrt_sum');
  const ops = keys.includes('count') ? 'Count' : keys.includes('operations') ? 'Operations' : undefined;
  if (ops) return label('GPU memory operations summary', ops, 'cuda_gpu_mem_time_sum');
  if (keys.includes('range')) return label('NVTX range summary', 'Range', 'nvtx_sum');
  if (known && !keys.includes('instances')) return `\`${report}\``;
  return undefined;
}

function unitOf(totalCell: string): string | undefined {
  const u = /\(\s*(\S+?)\s*\)\s*$/.exec(totalCell)?.[1];
  return u !== undefined && u in TO_US ? u : undefined;
}

/** Dash runs of a console rule line, as [start, end) character offsets. */
function runs(line: string): [number, number][] {
  return [...line.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length]);
}

/** One kernel row; bad cells are reported through `fail`. */
function parseRow(line: string, h: Header, rule: [number, number][] | undefined, fail: Fail): KernelRow | undefined {
  const cells = rowCells(line, h, rule);
  if (cells === undefined) {
    fail('nsys-stats.bad-row', `expected ${h.cells.length} cells as in the header (line ${h.line}), found \`${line.trim()}\``, 1);
    return undefined;
  }
  if ('message' in cells) {
    fail('nsys-stats.syntax', `${cells.message} (truncated output?)`, cells.column);
    return undefined;
  }
  const total = number(cells[h.total]!, false);
  const calls = number(cells[h.instances]!, true);
  if (total === undefined) fail('nsys-stats.bad-value', `expected a non-negative number in column \`${h.cells[h.total]!.value}\`, found \`${cells[h.total]!.value}\``, cells[h.total]!.column);
  if (calls === undefined) fail('nsys-stats.bad-value', `expected a whole number in column \`Instances\`, found \`${cells[h.instances]!.value}\``, cells[h.instances]!.column);
  if (total === undefined || calls === undefined) return undefined;
  return { name: cells[h.name]!.value, calls: Number(calls), totalUs: Number(`${total}e${TO_US[h.unit]}`) };
}

/** Thousands separators dropped; undefined when the cell is not a (whole) number. */
function number(cell: Cell, whole: boolean): string | undefined {
  const v = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(cell.value) ? cell.value.replace(/,/g, '') : cell.value;
  return (whole ? /^\d+$/ : /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/).test(v) ? v : undefined;
}

/**
 * The cells of a data row. Console rows are cut at the rule's columns (right-aligned values
 * end where their dashes end, the last column runs to the end of the line); rows that do not
 * fit the rule (hand-edited tables) fall back to whitespace tokens with the rest as the name.
 */
function rowCells(line: string, h: Header, rule: [number, number][] | undefined): Cell[] | { column: number; message: string } | undefined {
  const width = h.cells.length;
  if (h.format !== 'column') {
    const split = splitCsvLine(line, h.format === 'csv' ? ',' : '\t');
    if (!split.ok) return split;
    return split.cells.length === width ? split.cells : undefined;
  }
  if (rule && rule.length === width) {
    const cells = rule.map(([start, end], i) => {
      const from = i === width - 1 ? start : i === 0 ? 0 : rule[i - 1]![1];
      const text = line.slice(from, i === width - 1 ? undefined : end);
      return { value: text.trim(), column: from + text.length - text.trimStart().length + 1 };
    });
    if (number(cells[h.total]!, false) !== undefined && number(cells[h.instances]!, true) !== undefined) return cells;
  }
  if (h.name !== width - 1) return undefined;
  const tokens = [...line.matchAll(/\S+/g)];
  if (tokens.length < width - 1) return undefined;
  const cells = tokens.slice(0, width - 1).map((m) => ({ value: m[0], column: m.index + 1 }));
  const rest = tokens[width - 1];
  cells.push(rest ? { value: line.slice(rest.index).trim(), column: rest.index + 1 } : { value: '', column: line.length + 1 });
  return cells;
}

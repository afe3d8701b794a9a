import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { KernelProfile } from '../records.js';
import { splitCsvLine, type CsvCell } from '../util/csv-line.js';
import { findLine, stripBom } from '../util/text.js';
import type { Adapter } from './types.js';

type Kernel = KernelProfile['kernels'][number];
type Column = 'name' | 'calls' | 'totalMs' | 'avgUs' | 'pct';

/** Header cells, compared lower-cased without spaces (`Total (ms)` = `total(ms)`). */
const HEADER: Record<string, Column> = {
  kernel: 'name',
  calls: 'calls',
  'total(ms)': 'totalMs',
  'avg(us)': 'avgUs',
  '%gpu': 'pct',
};
const REQUIRED: [Column, string][] = [
  ['name', 'Kernel'],
  ['calls', 'Calls'],
  ['totalMs', 'Total(ms)'],
  ['avgUs', 'Avg(us)'],
];
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The kernel table contributors write from MetaX tracer output: `Kernel,Calls,Total(ms),Avg(us),%GPU`. */
export const adapter: Adapter = {
  id: 'kernel-csv',
  kind: 'kernel-profile',
  title: 'Kernel table CSV (`Kernel,Calls,Total(ms),Avg(us),%GPU`, e.g. summarised MetaX tracer output)',
  recognisedBy: 'a CSV header with Kernel, Calls, Total(ms) and Avg(us) cells (case and spaces ignored)',
  extracts: 'kernels with calls, total and average time (µs) and share of GPU time, sorted by total time',
  cannotKnow:
    'calls and durations per launch (totals only); kernels not in the table',

  detect(input) {
    const first = findLine(input.headLines(), (l) => l.trim() !== '' && !l.startsWith('#'));
    const cols = first === undefined ? undefined : headerColumns(first);
    if (cols && REQUIRED.every(([c]) => cols.has(c))) return 0.95;
    // Kernel and Total(ms) without the rest: still ours, so parse can name the missing column.
    if (cols?.has('name') && cols.has('totalMs')) return 0.6;
    return /kernel/i.test(input.name) && /\.csv$/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const at = (line: number, column: number) => ({ file: input.displayPath, line, column });
    let header: { cols: Map<Column, number>; width: number; line: number } | undefined;
    const kernels: Kernel[] = [];
    let pctStated = false;
    let n = 0;
    for await (const raw of input.lines()) {
      const text = ++n === 1 ? stripBom(raw) : raw;
      if (text.trim() === '' || (!header && text.startsWith('#'))) continue;
      const split = splitCsvLine(text);
      if (!split.ok) {
        diagnostics.push(error('kernel-csv.syntax', split.message, at(n, split.column)));
        continue;
      }
      if (!header) {
        const cols = headerColumns(text) ?? new Map<Column, number>();
        const missing = REQUIRED.filter(([c]) => !cols.has(c));
        for (const [, label] of missing) {
          diagnostics.push(error('kernel-csv.missing-column', `header has no \`${label}\` column: expected \`Kernel,Calls,Total(ms),Avg(us),%GPU\`, found \`${text.trim()}\``, at(n, 1)));
        }
        if (missing.length > 0) return { diagnostics };
        header = { cols, width: split.cells.length, line: n };
        pctStated = cols.has('pct');
        continue;
      }
      const k = row(split.cells, header.cols, header.width, (id, message, column) => diagnostics.push(error(id, message, at(n, column))));
      if (k) kernels.push(k);
    }
    if (!header) return { diagnostics: [error('kernel-csv.no-header', 'empty file: expected a header `Kernel,Calls,Total(ms),Avg(us),%GPU`', at(1, 1))] };
    if (kernels.length === 0 && diagnostics.length === 0) diagnostics.push(error('kernel-csv.no-kernels', 'no kernel rows after the header', at(header.line + 1, 1)));
    if (diagnostics.length > 0) return { diagnostics };
    return { record: profile(kernels, pctStated), diagnostics };
  },
};

/** Column positions of the known header cells, or undefined when the line is not CSV. */
function headerColumns(line: string): Map<Column, number> | undefined {
  const split = splitCsvLine(line);
  if (!split.ok) return undefined;
  const cols = new Map<Column, number>();
  split.cells.forEach((c, i) => {
    const col = HEADER[c.value.toLowerCase().replace(/\s+/g, '')];
    if (col && !cols.has(col)) cols.set(col, i);
  });
  return cols;
}

/** One kernel row; reports each bad cell through `fail` and returns undefined if any. */
function row(cells: CsvCell[], cols: Map<Column, number>, width: number, fail: (id: string, message: string, column: number) => void): Kernel | undefined {
  if (cells.length !== width) {
    fail('kernel-csv.bad-row', `expected ${width} cells as in the header, found ${cells.length}`, 1);
    return undefined;
  }
  const cell = (c: Column) => cells[cols.get(c)!]!;
  let ok = true;
  const num = (c: Column, label: string, re: RegExp, max = Infinity): number => {
    const { value, column } = cell(c);
    const v = value.replace(/%$/, '');
    if (re.test(v) && Number(v) <= max) return Number(v);
    ok = false;
    fail('kernel-csv.bad-value', `expected ${max === 100 ? 'a percentage 0-100' : 'a non-negative number'} in column \`${label}\`, found \`${value}\``, column);
    return 0;
  };
  const name = cell('name');
  if (name.value === '') {
    ok = false;
    fail('kernel-csv.bad-value', 'expected a kernel name in column `Kernel`, found an empty cell', name.column);
  }
  const calls = num('calls', 'Calls', /^\d+$/);
  // `12.345e3` parses the decimal exactly, where 12.345 * 1000 would add float noise.
  const totalUs = num('totalMs', 'Total(ms)', NUMBER) === 0 ? 0 : Number(`${cell('totalMs').value}e3`);
  const avgUs = num('avgUs', 'Avg(us)', NUMBER);
  const pct = cols.has('pct') ? num('pct', '%GPU', NUMBER, 100) : 0;
  return ok ? { name: name.value, calls, totalUs, avgUs, pct } : undefined;
}

/** Totals, computed shares when %GPU is absent, and the order the record promises. */
function profile(kernels: Kernel[], pctStated: boolean): KernelProfile {
  const totalUs = kernels.reduce((s, k) => s + k.totalUs, 0);
  if (!pctStated) for (const k of kernels) k.pct = totalUs > 0 ? (k.totalUs / totalUs) * 100 : 0;
  kernels.sort((a, b) => b.totalUs - a.totalUs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { kind: 'kernel-profile', tool: 'kernel-csv', totalUs, kernels };
}

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CpuCounters } from '../records.js';
import type { Adapter } from './types.js';

type Counter = CpuCounters['counters'][number];
type At = { line: number; column: number };

const HEADER = /^\s*Performance counter stats for (.+?)(?: \((\d+) runs\))?:\s*$/;
const ELAPSED = /^(\s*)(\S+)(?:\s*\+-\s*\S+)?\s+seconds time elapsed\b/;
const USER_SYS = /^(\s*)(\S+)\s+seconds (user|sys)\s*$/;
/**
 * The value cell of a row: digits grouped by plain spaces (`173 719 355 962`), or digits with
 * any other grouping and decimal characters; the event follows after whitespace.
 */
const VALUE = /^(\s*)(\d{1,3}(?: \d{3})+(?:[.,]\d+)?|\d[\d.,'\u2019\u00a0\u202f]*)(?=[ \t])/;
const NOT_COUNTED = /^(\s*)<not (supported|counted)>(?=[ \t]|$)/;
/** `(83.33%)` multiplexing share (old perf: `[83.33%]`), always last on the line. */
const RUN_PCT = /[([]\s*(\d+(?:[.,]\d+)?)%\s*[)\]]\s*$/;
/** `( +-  0.45% )` variance over `-r` runs: not kept. */
const NOISE = /\(\s*\+-\s*[\d.,]+\s*%\s*\)\s*$/;
/** Rows whose value perf always prints with decimals, which tells the locale's decimal mark. */
const FRACTIONAL_EVENT = /^(?:task-clock|cpu-clock)(?::\w+)?$/;
/** Thousands separators of the locales perf runs in: en, de, fr/ru (NBSP, narrow NBSP), de-CH. */
const GROUPING = [',', '.', ' ', '\u00a0', '\u202f', "'", '\u2019'];
const CSV_SEPARATORS = [';', '\t', '|', ','];
const MAX_ROW_ERRORS = 10;

/** `perf stat` output, human-readable in any locale, or `-x<sep>` CSV. */
export const adapter: Adapter = {
  id: 'perf-stat',
  kind: 'cpu-counters',
  title: 'Linux `perf stat` counters (any locale; `-x,` / `-x;` CSV)',
  recognisedBy: '` Performance counter stats for ...:` header, or `-x` rows `value,unit,event,runtime,pct,...`',
  extracts: 'each counter (value, unit, multiplexing %, first metric; `<not supported>`/`<not counted>` flagged), run count, elapsed/user/sys seconds; locale thousands separators and decimal comma read',

  detect(input) {
    if (/^\s*Performance counter stats for .+:\s*$/m.test(input.head)) return 0.95;
    if (input.headLines().slice(0, 200).some((l) => csvSeparator(l) !== undefined)) return 0.8;
    return /perf[_-]?stat/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const human = /^\s*Performance counter stats for .+:\s*$/m.test(input.head);
    const csvSep = human ? undefined : input.headLines().slice(0, 200).map(csvSeparator).find((s) => s !== undefined);
    const parsed = csvSep !== undefined ? await readCsv(input.lines(), csvSep, file) : await readHuman(input.lines(), file);
    if (parsed.record.counters.length === 0) {
      const expected = '` Performance counter stats for ...:` followed by rows `value  [unit]  event`, or `-x` CSV rows `value,unit,event,runtime,pct`';
      return { diagnostics: [error('perf-stat.no-counters', `no counters found: expected ${expected}`, { file, line: parsed.emptyAt, column: 1 }), ...parsed.diagnostics] };
    }
    return { record: parsed.record, diagnostics: parsed.diagnostics };
  },
};

interface Parsed {
  record: CpuCounters;
  diagnostics: Diagnostic[];
  /** Where counters were expected when there are none. */
  emptyAt: number;
}

/** Human output: the block after the header is kept (it is short), then read once its decimal mark is known. */
async function readHuman(lines: AsyncIterable<string>, file: string): Promise<Parsed> {
  const record: CpuCounters = { kind: 'cpu-counters', tool: 'perf-stat', counters: [] };
  const diagnostics: Diagnostic[] = [];
  const block: { text: string; line: number }[] = [];
  let headerLine = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    const h = HEADER.exec(line);
    if (h && headerLine > 0) {
      diagnostics.push(warning('perf-stat.more-blocks', 'a second `Performance counter stats` block: only the first is read', { file, line: lineNo, column: 1 }));
      break;
    }
    if (h) {
      headerLine = lineNo;
      record.command = /^'(.*)'$/.exec(h[1]!)?.[1] ?? h[1]!;
      if (h[2] !== undefined) record.runs = Number(h[2]);
    } else if (headerLine > 0) block.push({ text: line, line: lineNo });
  }
  const decimal = decimalMark(block.map((b) => b.text));
  const report = (d: Diagnostic) => {
    if (diagnostics.length < MAX_ROW_ERRORS) diagnostics.push(d);
  };
  let last: Counter | undefined;
  for (const { text, line } of block) {
    const at = (column: number): At => ({ line, column });
    const footer = ELAPSED.exec(text) ?? USER_SYS.exec(text);
    if (footer) {
      const v = readNumber(footer[2]!, decimal);
      if (v === undefined) report(numberError(file, footer[2]!, humanNumbers(decimal), at(footer[1]!.length + 1)));
      else if (footer[3] === 'user') record.userS = v;
      else if (footer[3] === 'sys') record.sysS = v;
      else record.elapsedS = v;
      continue;
    }
    if (/^\s*#/.test(text)) {
      // A second metric line of the previous counter: the record keeps the first only.
      if (last && !last.metric) setMetric(last, text.slice(text.indexOf('#') + 1), decimal);
      continue;
    }
    const row = readRow(text, decimal, file, at);
    // A `#` line continues the row right above it only (not e.g. a `TopdownL1` group line).
    if (typeof row === 'string') last = undefined;
    else if ('id' in row) report(row);
    else {
      record.counters.push(row);
      last = row;
    }
  }
  return { record, diagnostics, emptyAt: headerLine > 0 ? headerLine + 1 : 1 };
}

/** One counter row; a string when the line is not a row at all (blank, perf hints, program output). */
function readRow(text: string, decimal: string, file: string, at: (column: number) => At): Counter | Diagnostic | string {
  const not = NOT_COUNTED.exec(text);
  const value = not ? undefined : VALUE.exec(text);
  if (!not && !value) return 'not a row';
  let rest = text.slice((not ?? value)![0].length);
  let runPct: number | undefined;
  const run = RUN_PCT.exec(rest);
  if (run) {
    runPct = readNumber(run[1]!, decimal);
    rest = rest.slice(0, run.index);
  }
  rest = rest.replace(NOISE, '');
  const hash = rest.indexOf('#');
  const names = (hash >= 0 ? rest.slice(0, hash) : rest).trim().split(/\s+/).filter((t) => t !== '');
  const start = (not ?? value)![1]!.length + 1;
  if (names.length === 0 || names.length > 2) {
    return error('perf-stat.row', `expected \`value  [unit]  event  [# metric]\`, found \`${text.trim().slice(0, 80)}\``, { file, ...at(start) });
  }
  const old = names.length === 2 ? /^\((\w+)\)$/.exec(names[1]!) : null;
  const event = names.length === 1 || old ? names[0]! : names[1]!;
  const unit = old ? old[1] : names.length === 2 ? names[0] : undefined;
  const counter: Counter = { event, supported: not?.[2] !== 'supported' };
  if (value) {
    const v = readNumber(value[2]!, decimal);
    if (v === undefined) return numberError(file, value[2]!, humanNumbers(decimal), at(start));
    counter.value = v;
  }
  if (unit !== undefined) counter.unit = unit;
  if (runPct !== undefined) counter.runPct = Math.min(100, runPct);
  if (hash >= 0) setMetric(counter, rest.slice(hash + 1), decimal);
  return counter;
}

/** `1.32  insn per cycle`, `3.57% frontend cycles idle`: a number then its unit; anything else is no metric. */
function setMetric(counter: Counter, comment: string, decimal: string): void {
  const m = /^\s*(\d[\d.,]*)\s*(\S.*?)\s*$/.exec(comment);
  const value = m ? readNumber(m[1]!, decimal) : undefined;
  if (value !== undefined) counter.metric = { value, unit: m![2]!.replace(/\s+/g, ' ') };
}

/**
 * The locale's decimal mark, from values perf always prints with decimals (elapsed/user/sys
 * seconds, task-clock msec), then from metrics (never grouped); `.` when nothing tells.
 */
function decimalMark(lines: readonly string[]): string {
  const fractional = lines.map((l) => {
    const footer = ELAPSED.exec(l) ?? USER_SYS.exec(l);
    if (footer) return footer[2]!;
    const v = VALUE.exec(l);
    const names = v ? l.slice(v[0].length).split('#')[0]!.trim().split(/\s+/) : [];
    return v && names.some((n) => FRACTIONAL_EVENT.test(n)) ? v[2]! : undefined;
  });
  const metrics = lines.map((l) => (/^[^#]*#\s*(\d+[.,]\d+)/.exec(l) ?? [])[1]);
  for (const text of [...fractional, ...metrics]) {
    const m = text === undefined ? null : /[.,](?=\d+$)/.exec(text);
    if (m) return m[0];
  }
  return '.';
}

/**
 * A number in the locale that wrote it: `decimal` is its decimal mark; the integer part is plain
 * digits or groups of three joined by one consistent separator. Undefined when unreadable.
 */
function readNumber(text: string, decimal: string): number | undefined {
  const cut = text.lastIndexOf(decimal);
  const int = cut >= 0 ? text.slice(0, cut) : text;
  const frac = cut >= 0 ? text.slice(cut + 1) : '';
  if (cut >= 0 && !/^\d+$/.test(frac)) return undefined;
  let digits = int;
  if (!/^\d+$/.test(int)) {
    const sep = int[/^\d{1,3}/.exec(int)?.[0].length ?? 0];
    if (sep === undefined || sep === decimal || !GROUPING.includes(sep)) return undefined;
    if (!new RegExp(`^\\d{1,3}(?:${escape(sep)}\\d{3})+$`).test(int)) return undefined;
    digits = int.split(sep).join('');
  }
  const n = Number(frac === '' ? digits : `${digits}.${frac}`);
  return Number.isFinite(n) ? n : undefined;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `expected` says what a number looks like in this file, e.g. `a decimal comma, thousands grouped by threes`. */
function numberError(file: string, found: string, expected: string, at: At): Diagnostic {
  return error('perf-stat.number', `expected a number (${expected}), found \`${found}\``, { file, ...at });
}

function humanNumbers(decimal: string): string {
  return `this file uses a decimal ${decimal === ',' ? 'comma' : 'point'}, thousands grouped by threes`;
}

/** The separator of a `perf stat -x<sep>` row, or undefined when the line is not one. */
function csvSeparator(line: string): string | undefined {
  // Rows start with their value: most lines are ruled out before any split.
  const c0 = line.charCodeAt(0);
  if (!(c0 >= 48 && c0 <= 57) && c0 !== 60 /* < */) return undefined;
  return CSV_SEPARATORS.find((sep) => {
    const c = line.split(sep);
    if (c.length < 6 || !/^(?:\d+(?:[.,]\d+)?|<not (?:supported|counted)>)$/.test(c[0]!)) return false;
    if (!/^[A-Za-z]*$/.test(c[1]!) || !/^[A-Za-z][\w.:/=-]*$/.test(c[2]!)) return false;
    const off = c[3]!.endsWith('%') ? 1 : 0;
    return /^\d+$/.test(c[3 + off] ?? '') && /^\d+(?:[.,]\d+)?$/.test(c[4 + off] ?? '');
  });
}

/**
 * `-x<sep>` rows: value, unit, event, [variance% with -r], runtime, pct, metric, metric unit.
 * CSV output is never grouped; with a separator other than `,` the decimal mark may be `,`.
 */
async function readCsv(lines: AsyncIterable<string>, sep: string, file: string): Promise<Parsed> {
  const record: CpuCounters = { kind: 'cpu-counters', tool: 'perf-stat', counters: [] };
  const diagnostics: Diagnostic[] = [];
  const num = (cell: string) => (/^\d+(?:[.,]\d+)?$/.test(cell) ? Number(cell.replace(',', '.')) : undefined);
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    const c = line.split(sep);
    // Blank lines, `# started on ...` and program output interleaved on stderr are not rows.
    if (c.length < 3 || line.startsWith('#') || !/^[A-Za-z]/.test(c[2]!)) continue;
    const column = (i: number) => c.slice(0, i).reduce((s, x) => s + x.length + sep.length, 0) + 1;
    const bad = (i: number) => {
      if (diagnostics.length < MAX_ROW_ERRORS) diagnostics.push(numberError(file, c[i]!, 'digits with an optional decimal mark: `-x` output is never grouped', { line: lineNo, column: column(i) }));
    };
    const not = /^<not (supported|counted)>$/.exec(c[0]!);
    const value = not ? undefined : num(c[0]!);
    if (!not && value === undefined) {
      if (/^\d/.test(c[0]!)) bad(0);
      continue;
    }
    const counter: Counter = { event: c[2]!, supported: not?.[1] !== 'supported' };
    if (value !== undefined) counter.value = value;
    if (c[1]) counter.unit = c[1];
    const off = c[3]?.endsWith('%') ? 1 : 0;
    const pct = c[4 + off] ?? '';
    if (pct !== '') {
      const p = num(pct);
      if (p === undefined) bad(4 + off);
      else counter.runPct = Math.min(100, p);
    }
    const metric = num(c[5 + off] ?? '');
    const metricUnit = (c[6 + off] ?? '').trim();
    if (metric !== undefined && metricUnit !== '') counter.metric = { value: metric, unit: metricUnit.replace(/\s+/g, ' ') };
    if (counter.event !== '') record.counters.push(counter);
  }
  return { record, diagnostics, emptyAt: 1 };
}

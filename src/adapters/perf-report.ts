import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CpuProfile } from '../records.js';
import type { Adapter } from './types.js';

type SymbolRow = CpuProfile['symbols'][number];
interface Field {
  text: string;
  column: number;
}

const SAMPLES = /^#\s*Samples:\s+(\d+)\s*([KMG]?)\s+of event '(.*)'\s*$/;
const HEADER = /^#\s+(?:Children\s+Self|Overhead)\s{2,}\S/;
const PERCENT = /^(\d+(?:[.,]\d+)?)%$/;
/** `[k]` kernel, `[.]` user space, `[g]`/`[u]` guest, `[H]` hypervisor. */
const SYMBOL = /^\[([.kguH])\]\s+(.*)$/;
const UNIT = { '': 1, K: 1e3, M: 1e6, G: 1e9 } as const;
const TOP_SYMBOLS = 50;
const MAX_ROW_ERRORS = 10;

/** `perf report --stdio`: the per-symbol overhead table of a `perf record` profile. */
export const adapter: Adapter = {
  id: 'perf-report',
  kind: 'cpu-profile',
  title: 'Linux `perf report --stdio` (flat or with call graphs)',
  recognisedBy: "`# Samples: N of event '...'` and the `# Overhead  Command  Shared Object  Symbol` (or `# Children  Self ...`) header",
  extracts: 'top 50 symbols by self % with shared object, command, kernel flag (`[k]`) and children %; sampled event and sample count; call-graph lines skipped',
  cannotKnow:
    'symbols below the printed threshold; call graphs beyond what `-g` printed',

  detect(input) {
    const h = input.head;
    const header = /^#\s+(?:Children\s+Self|Overhead)\s{2}.*\bSymbol\b/m.test(h);
    if (header && /^#\s*Samples:\s+\d+(?:\s*[KMG])?\s+of event '/m.test(h)) return 0.95;
    if (header) return 0.85;
    return /perf[_-]?report/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const diagnostics: Diagnostic[] = [];
    const rows: SymbolRow[] = [];
    const record: CpuProfile = { kind: 'cpu-profile', tool: 'perf-report', symbols: [] };
    let columns: string[] | undefined;
    let headerLine = 0;
    let lineNo = 0;
    for await (const line of input.lines()) {
      lineNo++;
      const samples = SAMPLES.exec(line);
      if (samples && columns) {
        diagnostics.push(warning('perf-report.more-events', `a second event ('${samples[3]}'): only the first event's table is read`, { file, line: lineNo, column: 1 }));
        break;
      }
      if (samples) {
        record.samples = Number(samples[1]) * UNIT[samples[2] as keyof typeof UNIT];
        record.event = samples[3]!;
      } else if (!columns && HEADER.test(line)) {
        columns = fields(line.slice(1)).map((f) => f.text);
        headerLine = lineNo;
        const missing = ['Shared Object', 'Symbol'].find((c) => !columns!.includes(c));
        if (missing) {
          return { diagnostics: [error('perf-report.missing-column', `the header has no \`${missing}\` column (found ${columns.map((c) => `\`${c}\``).join(', ')}): report with \`--sort dso,sym\` or the default sort`, { file, line: lineNo, column: 1 })] };
        }
      } else if (columns && isRow(line)) {
        const row = readRow(line, columns, file, lineNo);
        if ('id' in row) {
          if (diagnostics.length < MAX_ROW_ERRORS) diagnostics.push(row);
        } else rows.push(row);
      }
    }
    if (!columns) {
      return { diagnostics: [error('perf-report.no-header', 'expected the `# Overhead  Command  Shared Object  Symbol` (or `# Children  Self ...`) header of `perf report --stdio`', { file, line: 1, column: 1 })] };
    }
    if (rows.length === 0 && diagnostics.length === 0) {
      return { diagnostics: [error('perf-report.no-rows', 'expected rows like `12.34%  python  libpython3.10.so.1.0  [.] _PyEval_EvalFrameDefault` under the header, found none (truncated output?)', { file, line: headerLine + 1, column: 1 })] };
    }
    record.symbols = rows.sort(byShare).slice(0, TOP_SYMBOLS);
    return { record, diagnostics };
  },
};

/**
 * A table row starts with a number (its first percentage) and has several columns; call-graph
 * lines start with `|`, `-` or a frame name, and flat/folded call chains have one column only.
 */
function isRow(line: string): boolean {
  return !line.startsWith('#') && /^\s*\d/.test(line) && fields(line).length >= 2;
}

/** Columns are separated by two or more spaces; values (commands, symbols) may hold single spaces. */
function fields(line: string): Field[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], column: m.index + 1 }));
}

function readRow(line: string, columns: readonly string[], file: string, lineNo: number): SymbolRow | Diagnostic {
  const cells = fields(line);
  if (cells.length < columns.length) {
    return error('perf-report.row', `expected ${columns.length} columns (${columns.join(', ')}), found ${cells.length}: \`${line.trim().slice(0, 80)}\``, { file, line: lineNo, column: 1 });
  }
  // A symbol may contain runs of spaces: the last column runs to the end of the line.
  const last = cells[columns.length - 1]!;
  cells.splice(columns.length - 1, Infinity, { text: line.slice(last.column - 1).trimEnd(), column: last.column });
  const cell = (name: string) => cells[columns.indexOf(name)];
  const pct = (name: string): number | Diagnostic | undefined => {
    const c = cell(name);
    if (!c) return undefined;
    const m = PERCENT.exec(c.text);
    const v = m ? Number(m[1]!.replace(',', '.')) : NaN;
    if (v >= 0 && v <= 100) return v;
    return error('perf-report.percent', `expected the ${name} percentage like \`12.34%\` (0-100), found \`${c.text}\``, { file, line: lineNo, column: c.column });
  };
  const self = pct(columns.includes('Self') ? 'Self' : 'Overhead');
  const children = pct('Children');
  if (typeof self === 'object') return self;
  if (typeof children === 'object') return children;
  if (self === undefined) {
    return error('perf-report.row', 'expected an `Overhead` or `Self` column', { file, line: lineNo, column: 1 });
  }
  const dso = cell('Shared Object')!.text;
  const sym = SYMBOL.exec(cell('Symbol')!.text);
  const out: SymbolRow = {
    symbol: sym ? sym[2]! : cell('Symbol')!.text,
    dso,
    kernel: sym ? sym[1] === 'k' : dso.startsWith('[kernel'),
    selfPct: self,
  };
  const command = cell('Command')?.text;
  if (command !== undefined) out.command = command;
  if (children !== undefined) out.childrenPct = children;
  return out;
}

/** Self share first; children, then names break ties so the order is the same every run. */
function byShare(a: SymbolRow, b: SymbolRow): number {
  return (
    b.selfPct - a.selfPct ||
    (b.childrenPct ?? 0) - (a.childrenPct ?? 0) ||
    cmp(a.symbol, b.symbol) ||
    cmp(a.dso, b.dso) ||
    cmp(a.command ?? '', b.command ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

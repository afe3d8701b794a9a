import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { PythonProfile } from '../records.js';
import { byHotness, frame, TOP_FUNCTIONS, type ProfileFunction } from './_python-profile.js';
import type { Adapter } from './types.js';

const TOTAL = /^\s*(\d+) function calls(?: \((\d+) primitive calls\))? in ([\d.]+) (?:CPU )?seconds/;
const HEADER = /^\s*ncalls\s+tottime\s+percall\s+cumtime\s+percall\s+filename:lineno\(function\)\s*$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const MAX_ROW_ERRORS = 10;

/** cProfile / pstats `print_stats()` text: deterministic per-function times. */
export const adapter: Adapter = {
  id: 'pstats-text',
  kind: 'python-profile',
  title: 'cProfile / pstats text (`python -m cProfile`, `pstats.Stats(...).print_stats()`)',
  recognisedBy: '`N function calls (M primitive calls) in T seconds` and the `ncalls  tottime  percall  cumtime  percall filename:lineno(function)` header',
  extracts: 'top 50 functions by self % (tottime / total) with total % (cumtime / total), file and definition line',
  cannotKnow:
    'the executing line (only each function\'s definition line); functions cut by `print_stats(N)`',

  detect(input) {
    const h = input.head;
    const header = /^\s*ncalls\s+tottime\s+percall\s+cumtime\s+percall\s+filename:lineno\(function\)/m.test(h);
    if (header && /function calls .*in [\d.]+ (?:CPU )?seconds/.test(h)) return 0.95;
    return header ? 0.7 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const diagnostics: Diagnostic[] = [];
    const functions: ProfileFunction[] = [];
    let totalS: number | undefined;
    let state: 'before' | 'rows' | 'done' = 'before';
    let headerLine = 0;
    let lineNo = 0;
    for await (const line of input.lines()) {
      lineNo++;
      if (state === 'done') continue;
      const total = TOTAL.exec(line);
      if (total && totalS === undefined) totalS = Number(total[3]);
      else if (state === 'before' && HEADER.test(line)) {
        state = 'rows';
        headerLine = lineNo;
      } else if (state === 'rows') {
        if (line.trim() === '') state = functions.length > 0 ? 'done' : 'rows';
        else {
          const row = parseRow(line);
          if (typeof row === 'string') {
            if (diagnostics.length < MAX_ROW_ERRORS) diagnostics.push(error('pstats-text.row', row, { file, line: lineNo, column: 1 }));
          } else functions.push(row);
        }
      }
    }
    const at = (line: number) => ({ file, line, column: 1 });
    if (state === 'before') {
      return { diagnostics: [error('pstats-text.no-header', 'expected the header `ncalls  tottime  percall  cumtime  percall filename:lineno(function)`', at(1))] };
    }
    if (totalS === undefined || totalS <= 0) {
      const found = totalS === undefined ? 'no such line' : `${totalS} seconds`;
      return { diagnostics: [error('pstats-text.no-total', `expected \`N function calls ... in T seconds\` with T > 0 before the table, found ${found}`, at(1)), ...diagnostics] };
    }
    if (functions.length === 0 && diagnostics.length === 0) {
      return { diagnostics: [error('pstats-text.no-rows', 'expected rows under the header, found none (truncated output?)', at(headerLine + 1))] };
    }
    const T = totalS;
    const pct = (s: number) => Math.min(100, Math.round((s / T) * 100 * 1e6) / 1e6);
    const ranked = functions
      .map((f) => ({ ...f, selfPct: pct(f.selfPct), totalPct: pct(f.totalPct) }))
      .sort(byHotness)
      .slice(0, TOP_FUNCTIONS);
    const record: PythonProfile = { kind: 'python-profile', tool: 'pstats', functions: ranked };
    return { record, diagnostics };
  },
};

/**
 * A row `ncalls tottime percall cumtime percall location`, returned with selfPct/totalPct holding
 * tottime/cumtime in seconds (turned into percentages once the total is known), or a message.
 */
function parseRow(line: string): ProfileFunction | string {
  const cells = line.trim().split(/\s+/);
  const location = cells.slice(5).join(' ');
  if (cells.length < 6 || !/^\d+(?:\/\d+)?$/.test(cells[0]!) || !cells.slice(1, 5).every((c) => NUMBER.test(c))) {
    return `expected \`ncalls tottime percall cumtime percall filename:lineno(function)\` (ncalls like 105 or 105/5, times in seconds), found \`${line.trim().slice(0, 80)}\``;
  }
  const f = location.startsWith('{') ? { name: location.replace(/^\{|\}$/g, '') } : parseLocation(location);
  return { ...f, selfPct: Number(cells[1]), totalPct: Number(cells[3]) };
}

/** `path/to/file.py:120(forward)`; `~:0(<built-in method ...>)` is a builtin without a file. */
function parseLocation(location: string): { name: string; file?: string; line?: number } {
  const m = /^(.*):(\d+)\((.*)\)$/.exec(location);
  if (!m) return { name: location };
  return frame(m[3]!, m[1] === '~' ? undefined : m[1], Number(m[2]));
}

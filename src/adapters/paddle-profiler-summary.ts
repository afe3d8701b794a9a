import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { stripBom } from '../util/text.js';
import { kernelProfile, type KernelRow } from './_kernel-table.js';
import type { Adapter } from './types.js';

/** Section title lines: the name centred in dashes (`------Kernel Summary------`). */
const TITLE = /^-{3,}\s*([A-Za-z][A-Za-z ]*? Summary|Thread: .*?)\s*-{3,}\s*$/;
const SECTIONS = /^-{3,}\s*(?:Device|Overview|Model|Distribution|Operator|Kernel|Memory Manipulation|UserDefined|Memory) Summary\s*-{3,}\s*$/m;
const UNIT = /^Time unit:\s*(\S+)\s*$/;
const RULE = /^\s*-+(?:\s+-+)*\s*$/;
const HEADER = /^\s*Name\s+Calls\s+GPU Total \/ Avg \/ Max \/ Min \/ Ratio\(%\)\s*$/;
/** The same header, found anywhere in a file's head (detection). */
const HEADER_LINE = /^\s*Name\s+Calls\s+GPU Total \/ Avg \/ Max \/ Min \/ Ratio\(%\)\s*$/m;
/** `name  calls  total / avg / max / min / ratio`: the name may hold spaces, the rest may not. */
const ROW = /^(\S.*?)\s+(\S+)\s+(\S+) \/ (\S+) \/ (\S+) \/ (\S+) \/ (\S+)\s*$/d;
/** Decimal exponent that turns a value in the unit into µs. */
const TO_US: Record<string, number> = { ns: -3, us: 0, ms: 3, s: 6 };
const NUMBER = /^\d+(?:\.\d+)?$/;
const MAX_ROW_ERRORS = 10;

type Fail = (id: string, message: string, column: number) => void;

/**
 * Paddle `profiler.Profiler.summary()` text: the `Kernel Summary` section (Paddle >= 2.4), one
 * row per kernel with its calls and GPU Total / Avg / Max / Min / Ratio(%) in the section's
 * time unit. The other sections (operators, memory, user-defined) are not kernel totals.
 *
 * Ratio(%) is the profiler's share of the device's GPU time, not of the rows printed: it is
 * kept as each kernel's `pct`, and `totalUs` is the GPU time those ratios are of (rows' total /
 * their summed ratio). The block also reads when saved on its own: from its title or its
 * `Name  Calls  GPU Total / ...` header, and without the closing rule when the file ends
 * cleanly after a whole row (a file cut mid-row is truncated).
 */
export const adapter: Adapter = {
  id: 'paddle-profiler-summary',
  kind: 'kernel-profile',
  title: 'Paddle profiler `summary()` text (`paddle.profiler.Profiler`), Kernel Summary section',
  recognisedBy: 'dash-centred section titles (`----Kernel Summary----`, `Operator Summary`, ...) with `Time unit:` lines',
  extracts: 'top 50 kernels of the Kernel Summary with calls, total/avg µs (any time unit) and the profiler\'s own Ratio(%) of GPU time',
  cannotKnow: 'per-call durations (only Avg / Max / Min are printed), kernel names beyond 90 characters (Paddle cuts them)',

  detect(input) {
    const head = stripBom(input.head);
    if (!SECTIONS.test(head)) return HEADER_LINE.test(head) ? 0.9 : 0;
    return /^Time unit:\s*\S+/m.test(head) ? 0.95 : 0.6;
  },

  async parse(input) {
    const file = input.displayPath;
    const at = (line: number, column: number) => ({ file, line, column });
    const diagnostics: Diagnostic[] = [];
    const rows = new Map<string, KernelRow>();
    // before -> unit -> rule -> header -> rule -> rows -> done
    let state: 'before' | 'unit' | 'rule' | 'header' | 'rule2' | 'rows' | 'done' = 'before';
    let unit = 'ms';
    let sectionLine = 0;
    let truncatedNames = 0;
    let n = 0;
    for await (const raw of input.lines()) {
      const line = ++n === 1 ? stripBom(raw) : raw;
      if (state === 'done') continue;
      if (state === 'before') {
        if (TITLE.exec(line)?.[1] === 'Kernel Summary') {
          state = 'unit';
          sectionLine = n;
        } else if (HEADER.test(line)) {
          // The table saved without its title (and so without `Time unit:`, whose default is ms).
          state = 'rule2';
          sectionLine = n;
          diagnostics.push(warning('paddle-profiler-summary.no-title', 'the Kernel Summary table has no `Kernel Summary` title or `Time unit:` line: times read in ms, Paddle\'s default', at(n, 1)));
        }
        continue;
      }
      if (state === 'unit') {
        const u = UNIT.exec(line)?.[1];
        if (u !== undefined && !(u in TO_US)) return { diagnostics: [error('paddle-profiler-summary.bad-unit', `expected a time unit s, ms, us or ns, found \`${u}\``, at(n, line.indexOf(u) + 1))] };
        if (u !== undefined) {
          unit = u;
          continue;
        }
        state = 'rule';
      }
      if (state === 'rule' || state === 'rule2') {
        if (!RULE.test(line)) return { diagnostics: [error('paddle-profiler-summary.bad-table', `expected the table's \`----\` rule line, found \`${line.trim()}\``, at(n, 1))] };
        state = state === 'rule' ? 'header' : 'rows';
        continue;
      }
      if (state === 'header') {
        if (!HEADER.test(line)) {
          return { diagnostics: [error('paddle-profiler-summary.bad-header', `expected the Kernel Summary header \`Name  Calls  GPU Total / Avg / Max / Min / Ratio(%)\`, found \`${line.trim()}\``, at(n, 1))] };
        }
        state = 'rule2';
        continue;
      }
      if (line.trim() === '' || RULE.test(line) || TITLE.test(line)) {
        state = 'done';
        continue;
      }
      const errors = diagnostics.length;
      const row = parseRow(line, unit, (id, message, column) => {
        if (diagnostics.length < MAX_ROW_ERRORS) diagnostics.push(error(id, message, at(n, column)));
      });
      if (!row || diagnostics.length > errors) continue;
      const seen = rows.get(row.name);
      if (seen) {
        truncatedNames++;
        seen.calls += row.calls;
        seen.totalUs += row.totalUs;
        seen.pct = round2(seen.pct! + row.pct!);
      } else rows.set(row.name, row);
    }
    if (state === 'before') {
      return {
        diagnostics: [
          error(
            'paddle-profiler-summary.no-kernel-summary',
            'no `Kernel Summary` section: it needs Paddle >= 2.4, a GPU run, and `summary()` without a `views` filter that leaves out SummaryView.KernelView',
            at(1, 1),
          ),
        ],
      };
    }
    // Paddle closes every table with its rule line. Without it the block was saved on its own
    // (it then ends with a whole row and a line break) or cut short (mid-row, no line break).
    if (state !== 'done') {
      if (state !== 'rows' || !(await input.text()).endsWith('\n')) {
        return { diagnostics: [error('paddle-profiler-summary.truncated', 'the Kernel Summary table ends without its closing `----` rule line, in the middle of a row (truncated output?)', at(n, 1)), ...diagnostics] };
      }
      diagnostics.push(warning('paddle-profiler-summary.no-closing-rule', 'the Kernel Summary table has no closing `----` rule line: rows read to the end of the file', at(n, 1)));
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    if (truncatedNames > 0) {
      diagnostics.push(warning('paddle-profiler-summary.merged-rows', `${truncatedNames} row(s) repeat an earlier kernel name (Paddle cuts names at 90 characters) and were added to it`, at(sectionLine, 1)));
    }
    if (rows.size === 0) diagnostics.push(warning('paddle-profiler-summary.no-kernels', 'the Kernel Summary has no rows', at(sectionLine, 1)));
    return { record: kernelProfile('paddle-profiler-summary', [...rows.values()], gpuTotalUs([...rows.values()])), diagnostics };
  },
};

/** One kernel row; bad cells are reported through `fail`. */
function parseRow(line: string, unit: string, fail: Fail): KernelRow | undefined {
  const m = ROW.exec(line);
  if (!m) {
    fail('paddle-profiler-summary.bad-row', `expected \`name  calls  total / avg / max / min / ratio\`, found \`${line.trim()}\``, 1);
    return undefined;
  }
  const column = (i: number) => m.indices![i]![0] + 1;
  const calls = m[2]!;
  const total = m[3]!;
  if (!/^\d+$/.test(calls)) fail('paddle-profiler-summary.bad-value', `expected a whole number of calls, found \`${calls}\``, column(2));
  if (!NUMBER.test(total)) fail('paddle-profiler-summary.bad-value', `expected the GPU total time in ${unit}, found \`${total}\``, column(3));
  const bad = [4, 5, 6, 7].find((i) => !NUMBER.test(m[i]!));
  if (bad !== undefined) fail('paddle-profiler-summary.bad-value', `expected a number in GPU Total / Avg / Max / Min / Ratio(%), found \`${m[bad]}\``, column(bad));
  if (!/^\d+$/.test(calls) || !NUMBER.test(total) || bad !== undefined) return undefined;
  return { name: m[1]!.trim(), calls: Number(calls), totalUs: Number(`${total}e${TO_US[unit]}`), pct: Number(m[7]!) };
}

/**
 * The GPU time Paddle's ratios are shares of: the rows' total over their summed ratio (the
 * least rounding error of any estimate from 2-decimal ratios); the rows' total when every
 * ratio prints as 0.00.
 */
function gpuTotalUs(rows: readonly KernelRow[]): number {
  const total = rows.reduce((s, r) => s + r.totalUs, 0);
  const pct = rows.reduce((s, r) => s + (r.pct ?? 0), 0);
  return pct > 0 ? Math.max(total, (total * 100) / pct) : total;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { PythonProfile } from '../records.js';
import { HotSpots, parseFrame } from './_python-profile.js';
import type { Adapter } from './types.js';

/**
 * `frame;frame;... <count>` split into the stack and the count, or undefined. Each frame is
 * `name (file:line)`; older py-spy ends the stack with `;`. Read from the end by hand: the
 * equivalent `^(.*?);?\s+(\d+)$` is quadratic on a long line of spaces.
 */
function stackLine(line: string): [string, string] | undefined {
  let digits = line.length;
  while (digits > 0 && line.charCodeAt(digits - 1) >= 48 && line.charCodeAt(digits - 1) <= 57) digits--;
  let space = digits;
  while (space > 0 && /\s/.test(line[space - 1]!)) space--;
  if (digits === line.length || space === digits) return undefined;
  const stack = line.slice(0, line[space - 1] === ';' ? space - 1 : space);
  return [stack, line.slice(digits)];
}
const MAX_LINE_ERRORS = 10;

/** `py-spy record --format raw`: collapsed stacks (Brendan Gregg's folded format) with counts. */
export const adapter: Adapter = {
  id: 'py-spy-raw',
  kind: 'python-profile',
  title: 'py-spy collapsed stacks (`py-spy record --format raw`)',
  recognisedBy: 'lines `func (file.py:12);child (mod.py:30) 57`: `;`-separated frames with a `(file[:line])`, count last',
  extracts: 'samples (sum of counts), top 50 functions by self % with total %, file and hottest line',
  cannotKnow:
    'threads and timing (collapsed stacks carry counts only); lines with `--nolineno`',

  detect(input) {
    const first = input.headLines().find((l) => l.trim() !== '') ?? '';
    if (/^[^;]+ \([^()]*\)(?:;.+)?;?\s+\d+$/.test(first)) return 0.85;
    return /py-?spy.*\.(?:txt|raw|folded|collapsed)$/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const hot = new HotSpots();
    const diagnostics: Diagnostic[] = [];
    let samples = 0;
    let stacks = 0;
    let lineNo = 0;
    for await (const line of input.lines()) {
      lineNo++;
      if (line.trim() === '') continue;
      const m = stackLine(line.trimEnd());
      if (!m || m[0].trim() === '') {
        if (diagnostics.length < MAX_LINE_ERRORS) {
          diagnostics.push(
            error('py-spy-raw.line', `expected a collapsed stack \`frame;frame;... <count>\` ending in a sample count, found \`${line.trim().slice(0, 80)}\``, {
              file: input.displayPath,
              line: lineNo,
              column: line.trimEnd().length + 1,
            }),
          );
        }
        continue;
      }
      const count = Number(m[1]);
      hot.add(m[0].split(';').map(parseFrame), count);
      samples += count;
      stacks++;
    }
    if (stacks === 0) {
      if (diagnostics.length === 0) {
        diagnostics.push(error('py-spy-raw.empty', 'no stacks: expected lines `frame;frame;... <count>`, found an empty file', { file: input.displayPath, line: 1, column: 1 }));
      }
      return { diagnostics };
    }
    const record: PythonProfile = { kind: 'python-profile', tool: 'py-spy-raw', samples, functions: hot.functions() };
    return { record, diagnostics };
  },
};

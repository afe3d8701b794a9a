import { error } from '../diagnostics/diagnostic.js';
import type { ServiceLog } from '../records.js';
import type { Adapter } from './types.js';
import { lineColumnAt } from '../util/text.js';
import { looksBinary } from './_log-lines.js';

const ERROR_WORD = /\b(ERROR|FATAL|CRITICAL)\b/;
const TRACEBACK = /^\s*Traceback \(most recent call last\):/;
const WARN_WORD = /\b(WARN|WARNING)\b/;
const LEVEL_WORD = /\b(ERROR|WARN|WARNING|INFO|DEBUG|FATAL|CRITICAL)\b/;
const BINARY_HINT = 'an image, an archive or a zero-filled crash tail?';
const TIMESTAMP = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?/;

/**
 * Any other text log (a contributor's client script, nginx, a launcher): line, ERROR and WARN
 * counts and the time span. A fallback: every specific adapter outranks it.
 */
export const adapter: Adapter = {
  id: 'text-log',
  kind: 'service-log',
  title: 'Generic text log (fallback for `.log`/`.txt`/`.out` files)',
  recognisedBy: 'a `.log`, `.txt` or `.out` name and text containing level words (ERROR, WARN, INFO, ...); loses to every specific adapter',
  extracts: 'line count, lines with ERROR/FATAL/CRITICAL or a traceback (once per error), lines with WARN/WARNING, first/last ISO-like timestamp',

  detect(input) {
    if (!/\.(log|txt|out)$/i.test(input.name) || looksBinary(input.head)) return 0;
    return LEVEL_WORD.test(input.head) ? 0.15 : 0;
  },

  async parse(input) {
    const binary = (at: { line: number; column: number }) => ({
      diagnostics: [error('text-log.binary', `binary data where a text log line was expected (${BINARY_HINT})`, { file: input.displayPath, ...at })],
    });
    if (looksBinary(input.head)) return binary(lineColumnAt(input.head, input.head.search(/[\u0000\ufffd]/)));
    const record: ServiceLog = { kind: 'service-log', tool: 'text', lines: 0, errors: 0, warnings: 0, events: [] };
    let previousWasError = false;
    for await (const line of input.lines()) {
      record.lines++;
      // Invalid UTF-8 alone is tolerated (GBK-encoded logs); a NUL byte never belongs in text.
      const nul = line.indexOf('\u0000');
      if (nul >= 0) return binary({ line: record.lines, column: nul + 1 });
      // A traceback right after an ERROR line is that error's detail, not a second error.
      const isError: boolean = ERROR_WORD.test(line) || (TRACEBACK.test(line) && !previousWasError);
      if (isError) record.errors++;
      else if (WARN_WORD.test(line)) record.warnings++;
      previousWasError = isError;
      const ts = TIMESTAMP.exec(line)?.[0];
      if (ts !== undefined) {
        record.firstTimestamp ??= ts;
        record.lastTimestamp = ts;
      }
    }
    return { record, diagnostics: [] };
  },
};

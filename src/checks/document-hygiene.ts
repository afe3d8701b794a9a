import { statSync } from 'node:fs';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_INLINE_BYTES } from '../evidence/manifest.js';
import { documentsOnDisk } from './_documents.js';
import type { Rule } from './types.js';

/** The community repo's pre-commit hooks: no trailing whitespace, one final newline, files under 1024 KB. */
export const rule: Rule = {
  id: 'hygiene',
  description: 'documents have no trailing whitespace, exactly one final newline and are under 1024 KB',
  severity: 'error',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const { file, shown, text } of documentsOnDisk(ctx)) {
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        const m = /[ \t]+\r?$/.exec(line);
        if (m) out.push(error('hygiene.trailing-whitespace', 'trailing whitespace', { file: shown, line: i + 1, column: m.index + 1 }));
      });
      if (!text.endsWith('\n')) out.push(error('hygiene.final-newline', 'no newline at end of file', { file: shown, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }));
      else if (/\n\s*\n$/.test(text)) out.push(error('hygiene.final-newline', 'more than one newline at end of file', { file: shown, line: lines.length - 1, column: 1 }));
      const size = statSync(file).size;
      if (size > MAX_INLINE_BYTES) out.push(error('hygiene.size', `file is ${size} bytes, over the 1024 KB limit`, { file: shown }));
    }
    return out;
  },
};

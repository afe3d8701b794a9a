import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { documentsOnDisk } from './_documents.js';
import type { Rule } from './types.js';

/** Author-owned sections still holding the placeholder that a first render wrote. */
export const rule: Rule = {
  id: 'placeholders',
  description: 'author-owned sections have been written (no placeholder left)',
  severity: 'warning',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const { shown, text } of documentsOnDisk(ctx)) {
      text.split('\n').forEach((line, i) => {
        if (line.includes('<!-- rfc-evidence:placeholder -->')) {
          out.push(warning('placeholders.unwritten', 'expected the author to write this section, found the placeholder render wrote', { file: shown, line: i + 2, column: 1, hint: 'replace the placeholder (and its marker comment) with your text' }));
        }
      });
    }
    return out;
  },
};

import { documentsOnDisk } from './_documents.js';
import { defineRule, finding, type Finding } from './_rule.js';

/** Author-owned sections still holding the placeholder that a first render wrote. */
export const rule = defineRule({
  id: 'placeholders',
  description: 'author-owned sections have been written (no placeholder left)',
  severity: 'warning',
  run(ctx) {
    const out: Finding[] = [];
    for (const { shown, text } of documentsOnDisk(ctx)) {
      text.split('\n').forEach((line, i) => {
        if (line.includes('<!-- rfc-evidence:placeholder -->')) {
          out.push(finding('unwritten', 'expected the author to write this section, found the placeholder render wrote', { file: shown, line: i + 2, column: 1, hint: 'replace the placeholder (and its marker comment) with your text' }));
        }
      });
    }
    return out;
  },
});

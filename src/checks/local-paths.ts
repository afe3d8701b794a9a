import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { documentsOnDisk } from './_documents.js';
import type { Rule } from './types.js';

/** Paths on the author's machine that no reviewer can open. */
const LOCAL_PATH = /(?:^|[\s(`"'[|:=])((?:\/(?:data|home|root|mnt|tmp|Users)\/[^\s)`"'|\]]*)|(?:[A-Za-z]:\\[^\s)`"'|\]]*))/g;

export const rule: Rule = {
  id: 'local-paths',
  description: 'documents contain no absolute local paths (/data/..., /home/..., /root/..., C:\\...)',
  severity: 'error',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const { shown, text } of documentsOnDisk(ctx)) {
      text.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(LOCAL_PATH)) {
          const col = (m.index ?? 0) + m[0].indexOf(m[1]!) + 1;
          out.push(error('local-paths.absolute', `absolute local path ${m[1]} : reviewers cannot open it`, { file: shown, line: i + 1, column: col, hint: 'link the published copy in the evidence folder instead' }));
        }
      });
    }
    return out;
  },
};

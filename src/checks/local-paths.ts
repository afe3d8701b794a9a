import { warning } from '../diagnostics/diagnostic.js';
import { copiedFiles, evidenceFacts } from './_evidence.js';
import { parsedDocuments } from './_documents.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * Paths on the author's machine (/data/..., /home/..., /root/..., C:\...) that no reviewer can
 * open: an error in the documents; in published evidence a warning per file (there they record
 * the run, but still name the author's machine).
 */
export const rule = defineRule({
  id: 'local-paths',
  description: 'documents contain no absolute local paths (/data/..., /home/..., /root/..., C:\\...); published evidence is flagged when it does',
  severity: 'error',
  needs: ['documents'],
  async run(ctx) {
    const out: Finding[] = [];
    for (const { shown, facts } of parsedDocuments(ctx)) {
      for (const h of facts.localPaths.hits) {
        out.push(finding('absolute', `expected a path relative to the document, found absolute local path ${h.what}`, { file: shown, line: h.line, column: h.column, hint: 'link the published copy in the evidence folder instead' }));
      }
    }
    for (const file of copiedFiles(ctx)) {
      const p = (await evidenceFacts(ctx, file))?.localPaths;
      if (!p?.count) continue;
      const first = p.hits[0]!;
      out.push(
        warning('evidence', `expected no absolute local path in published evidence, found ${p.count} (first: ${first.what})`, {
          file: file.shown,
          line: first.line,
          column: first.column,
          hint: 'these paths name the author machine; replace them in the source (or keep them knowingly) and collect again',
        }),
      );
    }
    return out;
  },
});

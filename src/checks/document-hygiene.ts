import { warning } from '../diagnostics/diagnostic.js';
import { copiedFiles, evidenceFacts } from './_evidence.js';
import { parsedDocuments } from './_documents.js';
import type { TextFacts } from './_text.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * The community repo's pre-commit hooks (trailing-whitespace, end-of-file-fixer): documents must
 * pass them as is. collect normalises the text copies it publishes (see evidence/normalise.ts), so a
 * copy the hooks would still rewrite was changed afterwards: a warning, once per file, since the
 * hooks would break its SHA-256 in the manifest.
 */
export const rule = defineRule({
  id: 'hygiene',
  description: 'documents have no trailing whitespace and exactly one final newline (the community pre-commit hooks); copied evidence that the hooks would rewrite is flagged',
  severity: 'error',
  needs: ['documents'],
  async run(ctx) {
    const out: Finding[] = [];
    for (const { shown, facts } of parsedDocuments(ctx)) {
      for (const h of facts.trailingWhitespace.hits) {
        out.push(finding('trailing-whitespace', `expected no trailing whitespace, found ${h.what}`, { file: shown, line: h.line, column: h.column }));
      }
      const ending = endingProblem(facts);
      if (ending) out.push(finding('final-newline', ending, { file: shown, line: facts.ending.line, column: facts.ending.column }));
    }
    for (const file of copiedFiles(ctx)) {
      const facts = await evidenceFacts(ctx, file);
      if (!facts) continue;
      const tw = facts.trailingWhitespace;
      const ending = endingProblem(facts);
      const hint = "the community repo's pre-commit hooks would rewrite this copy and break its SHA-256: run `rfc-evidence collect` again, which publishes text copies those hooks leave unchanged (the copy was edited after collect, or is text that collect took for binary)";
      if (tw.count) {
        const first = tw.hits[0]!;
        out.push(warning('evidence-whitespace', `expected no trailing whitespace in published evidence, found it on ${tw.count} line(s)`, { file: file.shown, line: first.line, column: first.column, hint }));
      }
      if (ending) out.push(warning('evidence-final-newline', `${ending} (published evidence)`, { file: file.shown, line: facts.ending.line, column: facts.ending.column, hint }));
    }
    return out;
  },
});

function endingProblem(f: TextFacts): string | undefined {
  if (f.ending.state === 'missing') return 'expected one newline at the end of the file, found none';
  if (f.ending.state === 'extra') return 'expected one newline at the end of the file, found blank lines after the last line';
  return undefined;
}

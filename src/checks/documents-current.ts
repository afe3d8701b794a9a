import { defineRule, finding, type Finding } from './_rule.js';

/**
 * The documents exist and say what the evidence says: a fresh in-memory render changes nothing.
 * Names the document, each region that would change and the line where it first differs, and
 * regions the template has that the document never had. Hand-edited, broken and deleted regions
 * are the `regions` rule's findings.
 */
export const rule = defineRule({
  id: 'documents.current',
  description: "the document set's documents exist and their generated regions match a fresh render of the evidence",
  severity: 'error',
  needs: ['plan'],
  run(ctx) {
    if (!ctx.plan) return [];
    const out: Finding[] = [];
    for (const d of ctx.plan.documents) {
      const file = ctx.show(d.file);
      const hint = 'run `rfc-evidence render`';
      if (d.previous === undefined) {
        out.push(finding('missing', 'document does not exist', { file, hint }));
        continue;
      }
      if (d.text === d.previous || d.problems.length) continue;
      const edited = new Set(d.handEdited.map((h) => h.id));
      const stale = d.changes.filter((c) => !edited.has(c.id));
      for (const c of stale) {
        const numbers = d.numbers.find((n) => n.region === c.id)?.changes ?? [];
        const first = numbers[0] ? ` (${numbers[0].label ? `${numbers[0].label}: ` : ''}${numbers[0].old} -> ${numbers[0].new}${numbers.length > 1 ? `, and ${numbers.length - 1} more number(s)` : ''})` : '';
        out.push(finding('stale', `region '${c.id}' differs from a fresh render of the evidence${first}`, { file, line: c.line, column: 1, hint }));
      }
      for (const i of d.insertions) {
        out.push(finding('stale', `region '${i.id}' is missing from the document (it belongs after this line)`, { file, line: Math.max(i.line, 1), column: 1, hint: `${hint} to insert it` }));
      }
      if (stale.length === 0 && d.insertedRegions.length === 0 && edited.size === 0) {
        out.push(
          finding('stale', d.recordLine === undefined ? 'document has no <!-- rfc-evidence:regions ... --> record' : 'document differs from a fresh render (regions record or marker lines)', {
            file,
            line: d.recordLine ?? 1,
            column: 1,
            hint,
          }),
        );
      }
    }
    return out;
  },
});

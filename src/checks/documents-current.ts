import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findRegions } from '../markdown/regions.js';
import type { Rule } from './types.js';

/**
 * The documents exist and say what the evidence says: a fresh in-memory render changes nothing.
 * Names the document and each region that would change, with its line.
 */
export const rule: Rule = {
  id: 'documents.current',
  description: 'the three documents exist and their generated regions match a fresh render of the evidence',
  severity: 'error',
  run(ctx) {
    if (!ctx.plan) return [];
    const out: Diagnostic[] = [...ctx.plan.diagnostics];
    for (const d of ctx.plan.documents) {
      const file = ctx.show(d.file);
      if (d.previous === undefined) {
        out.push(error('documents.missing', 'document does not exist', { file, hint: 'run `rfc-evidence render`' }));
        continue;
      }
      if (d.text === d.previous) continue;
      const lines = new Map(findRegions(d.previous).regions.map((r) => [r.id, r.line]));
      const changed = [...d.changedRegions, ...d.insertedRegions];
      for (const id of d.changedRegions) {
        out.push(error('documents.stale', `region '${id}' is out of date with the evidence`, { file, line: lines.get(id) ?? 1, column: 1, hint: 'run `rfc-evidence render`' }));
      }
      for (const id of d.insertedRegions) {
        out.push(error('documents.stale', `region '${id}' is missing from the document`, { file, line: 1, column: 1, hint: 'run `rfc-evidence render` to insert it' }));
      }
      if (changed.length === 0) out.push(error('documents.stale', 'document differs from a fresh render', { file, line: 1, column: 1, hint: 'run `rfc-evidence render`' }));
    }
    return out;
  },
};

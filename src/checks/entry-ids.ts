import { duplicateIds } from '../evidence/entry-id.js';
import { defineRule, finding } from './_rule.js';

/**
 * Every manifest entry id names one file. Documents link and cite evidence by id, so a shared id
 * sends a reviewer to the wrong file (a log event "at line 27" of the other worker's log).
 * `collect` never writes one; a manifest from an older version or edited by hand can have one.
 */
export const rule = defineRule({
  id: 'manifest.ids',
  description: 'every manifest entry id is unique (documents link evidence by id)',
  severity: 'error',
  run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    return duplicateIds(ctx.manifest.entries).map((d) =>
      finding('duplicate', `expected each entry id to name one file, found id '${d.id}' on ${d.paths.length} entries: ${d.paths.join(' and ')}`, {
        file: ctx.show(ctx.manifestFile),
        pointer: `/entries/${d.indices[1]}/id`,
        hint: 'run `rfc-evidence collect` again: it gives each of these files its own id (extension kept), then `rfc-evidence render`',
      }),
    );
  },
});

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { TEMP_FILE } from '../evidence/containment.js';
import { track } from './_reads.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * No temporary files of a killed run (`.<name>.<hex>.tmp`) beside the documents or among the
 * evidence: they would be committed with the PR. The next collect or render removes them.
 */
export const rule = defineRule({
  id: 'leftovers',
  description: 'no temporary files left by an interrupted collect or render in outDir or evidenceDir',
  severity: 'warning',
  run(ctx) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    const visit = (dir: string, deep: boolean) => {
      let items;
      track(ctx, 'listing', dir);
      try {
        items = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const it of items) {
        const file = path.join(dir, it.name);
        if (it.isFile() && TEMP_FILE.test(it.name) && !seen.has(file)) {
          seen.add(file);
          out.push(finding('temp-file', `expected no temporary files, found ${it.name} left by an interrupted run`, { file: ctx.show(file), hint: 'run `rfc-evidence collect` or `render` again (they remove it), or delete it' }));
        } else if (deep && it.isDirectory()) visit(file, true);
      }
    };
    visit(ctx.config.outDirAbs, false);
    visit(ctx.config.evidenceDirAbs, true);
    return out.sort((a, b) => (a.file! < b.file! ? -1 : 1));
  },
});

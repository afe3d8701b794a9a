import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Rule } from './types.js';

/** Published copies still have the size and SHA-256 the manifest records (cached while unchanged). */
export const rule: Rule = {
  id: 'digest',
  description: 'every copied evidence file matches the size and SHA-256 in manifest.json',
  severity: 'error',
  async run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    const out: Diagnostic[] = [];
    const manifest = ctx.show(ctx.manifestFile);
    for (const [i, e] of ctx.manifest.entries.entries()) {
      if (!e || e.storage !== 'inline' || typeof e.path !== 'string') continue;
      const abs = path.join(ctx.config.evidenceDirAbs, e.path);
      let found;
      try {
        found = await ctx.hashes.digest(abs);
      } catch {
        out.push(error('digest.missing', `expected the copy of manifest entry ${e.id} at ${ctx.show(abs)}, found no file`, { file: manifest, pointer: `/entries/${i}/path`, hint: 'run `rfc-evidence collect` again' }));
        continue;
      }
      if (found.sha256 !== e.sha256 || found.size !== e.bytes) {
        out.push(
          error('digest.mismatch', `expected SHA-256 ${e.sha256} (${e.bytes} bytes) as manifest.json#/entries/${i} records, found ${found.sha256} (${found.size} bytes)`, {
            file: ctx.show(abs),
            hint: 'the copy was changed after collect: restore it, or re-run `rfc-evidence collect` if the change is intended',
          }),
        );
      }
    }
    return out;
  },
};

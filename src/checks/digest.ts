import { statSync } from 'node:fs';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { sha256File } from '../evidence/hash.js';
import type { Rule } from './types.js';

/** Published copies still have the size and SHA-256 the manifest records. */
export const rule: Rule = {
  id: 'digest',
  description: 'every copied evidence file matches the size and SHA-256 in manifest.json',
  severity: 'error',
  async run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    const out: Diagnostic[] = [];
    await Promise.all(
      ctx.manifest.entries.map(async (e, i) => {
        if (!e || e.storage !== 'inline' || typeof e.path !== 'string') return;
        const abs = path.join(ctx.config.evidenceDirAbs, e.path);
        const shown = ctx.show(abs);
        let size: number;
        try {
          size = statSync(abs).size;
        } catch {
          out.push(error('digest.missing', `evidence file is missing (manifest entry ${e.id})`, { file: shown, hint: 'run `rfc-evidence collect` again' }));
          return;
        }
        const sha = await sha256File(abs);
        if (sha !== e.sha256 || size !== e.bytes) {
          out.push(
            error('digest.mismatch', `SHA-256 mismatch: manifest.json#/entries/${i}/sha256 expects ${e.sha256} (${e.bytes} bytes), found ${sha} (${size} bytes)`, {
              file: shown,
              hint: 'the copy was changed after collect: restore it, or re-run `rfc-evidence collect` if the change is intended',
            }),
          );
        }
      }),
    );
    return out;
  },
};

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256Text } from '../evidence/hash.js';
import type { ManifestEntry } from '../evidence/manifest.js';
import { publishBytes } from '../evidence/publish.js';
import type { CheckContext } from './types.js';
import { defineRule, finding, type Finding } from './_rule.js';

/** Published copies still have the size and SHA-256 the manifest records (cached while unchanged). */
export const rule = defineRule({
  id: 'digest',
  description: 'every copied evidence file matches the size and SHA-256 in manifest.json',
  severity: 'error',
  async run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    const out: Finding[] = [];
    const manifest = ctx.show(ctx.manifestFile);
    for (const [i, e] of ctx.manifest.entries.entries()) {
      if (!e || e.storage !== 'inline' || typeof e.path !== 'string') continue;
      const abs = path.join(ctx.config.evidenceDirAbs, e.path);
      let found;
      try {
        found = await ctx.hashes.digest(abs);
      } catch {
        out.push(finding('missing', `expected the copy of manifest entry ${e.id} at ${ctx.show(abs)}, found no file`, { file: manifest, pointer: `/entries/${i}/path`, hint: 'run `rfc-evidence collect` again' }));
        continue;
      }
      if (found.sha256 !== e.sha256 || found.size !== e.bytes) {
        out.push(
          finding('mismatch', `expected SHA-256 ${e.sha256} (${e.bytes} bytes) as manifest.json#/entries/${i} records, found ${found.sha256} (${found.size} bytes)`, {
            file: ctx.show(abs),
            hint: (await rewrittenByHooks(ctx, e, found.sha256))
              ? "the copy now reads as the community's pre-commit hooks (trailing-whitespace, end-of-file-fixer) leave files, and it was collected before collect published normalised copies: run `rfc-evidence collect` again (its copies pass those hooks unchanged)"
              : 'the copy was changed after collect: restore it, or re-run `rfc-evidence collect` if the change is intended',
          }),
        );
      }
    }
    return out;
  },
});

/**
 * Whether the copy is what the community's whitespace hooks make of a copy collected before
 * collect normalised: the source is at hand unchanged, the copy collect made from it without
 * normalising has the recorded digest, and the normalised one has the digest found.
 */
async function rewrittenByHooks(ctx: CheckContext, e: ManifestEntry, found: string): Promise<boolean> {
  if (e.normalised !== undefined || typeof e.source !== 'string' || path.isAbsolute(e.source)) return false;
  const source = path.resolve(ctx.config.baseDir, e.source);
  let original: Buffer;
  try {
    if ((await ctx.hashes.digest(source)).sha256 !== (e.sourceSha256 ?? e.sha256)) return false;
    original = readFileSync(source);
  } catch {
    return false;
  }
  const redact = ctx.config.redact !== false;
  const asCollected = publishBytes(original, { redact, normalise: false });
  const asPublished = publishBytes(original, { redact });
  return asCollected.ok && asPublished.ok && sha256Text(asCollected.bytes) === e.sha256 && sha256Text(asPublished.bytes) === found;
}

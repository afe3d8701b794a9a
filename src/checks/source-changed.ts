import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineRule, finding, type Finding } from './_rule.js';
import { track } from './_reads.js';

/**
 * The original files still have the digest they had at collect. Only sources that are reachable
 * are compared: collect records a source inside the config folder by its path relative to that
 * folder (and copies it to that path without the folders all inputs share), one outside it by its
 * file name only (copied under a role folder), which CI cannot find. A warning: the published copy is still self-consistent.
 */
export const rule = defineRule({
  id: 'source-changed',
  description: 'evidence sources that can be reached (relative to the config folder) are unchanged since collect',
  severity: 'warning',
  async run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    const out: Finding[] = [];
    for (const [i, e] of ctx.manifest.entries.entries()) {
      // Inside the config folder the copy's path is the source's without the inputs' shared folders.
      if (!e || typeof e.source !== 'string' || typeof e.path !== 'string' || !(e.source === e.path || e.source.endsWith(`/${e.path}`)) || path.isAbsolute(e.source)) continue;
      const abs = path.resolve(ctx.config.baseDir, e.source);
      track(ctx, 'content', abs);
      if (!existsSync(abs)) continue;
      const expected = e.sourceSha256 ?? e.sha256;
      const found = await ctx.hashes.digest(abs);
      if (found.sha256 !== expected) {
        out.push(
          finding('modified', `expected source ${e.source} to have SHA-256 ${expected} as at collect, found ${found.sha256} (${found.size} bytes)`, {
            file: ctx.show(ctx.manifestFile),
            pointer: `/entries/${i}/${e.sourceSha256 !== undefined ? 'sourceSha256' : 'sha256'}`,
            hint: 'the evidence changed after collect: run `rfc-evidence collect` and `rfc-evidence render` to publish it',
          }),
        );
      }
    }
    return out;
  },
});

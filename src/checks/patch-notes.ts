import path from 'node:path';
import type { Patch } from '../records.js';
import { loadPatchNotes } from '../render/patch-notes.js';
import { track } from './_reads.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * Every file of the patch is explained: the author's note (what, why, required or fallback) in
 * the config's `patchNotes` is what a reviewer reads next to the line counts. A patched file
 * without a note, and a note whose file no patch touches (renamed or dropped), are warnings.
 */
export const rule = defineRule({
  id: 'patch-notes',
  description: 'every patched file has a note in patchNotes (what, why, required or fallback), and every note names a patched file',
  severity: 'warning',
  run(ctx) {
    if (!ctx.manifest) return [];
    const files = [...new Set(ctx.manifest.entries.filter((e) => e.valid && e.record?.kind === 'patch').flatMap((e) => (e.record as Patch).files.map((f) => f.path)))];
    if (files.length === 0) return [];
    if (typeof ctx.config.patchNotes === 'string') track(ctx, 'content', path.resolve(ctx.config.baseDir, ctx.config.patchNotes));
    const notes = loadPatchNotes(ctx.config);
    const where = typeof ctx.config.patchNotes === 'string' ? `${ctx.config.patchNotes} (patchNotes)` : 'patchNotes';
    const file = ctx.show(ctx.config.file);
    const out: Finding[] = [];
    for (const f of files.filter((p) => !Object.hasOwn(notes, p))) {
      out.push(
        finding('missing', `expected a note for patched file '${f}' in ${where}, found none`, {
          file,
          hint: `add under patchNotes: '${f}': { what: ..., why: ..., necessity: required | fallback }`,
        }),
      );
    }
    for (const p of Object.keys(notes).filter((p) => !files.includes(p))) {
      out.push(finding('unknown', `note for '${p}' in ${where}, but no patch changes that file`, { file, hint: 'fix the path (as the patch names it, without a/ or b/) or remove the note' }));
    }
    return out;
  },
});

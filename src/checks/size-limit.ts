import { statSync } from 'node:fs';
import { MAX_INLINE_BYTES } from '../evidence/manifest.js';
import { filesUnder } from './_evidence.js';
import { documentsOnDisk } from './_documents.js';
import { track } from './_reads.js';
import { defineRule, finding, type Finding } from './_rule.js';

/** The community repo's check-added-large-files hook (--maxkb=1024): documents and every file in the evidence folder. */
export const rule = defineRule({
  id: 'size-limit',
  description: 'every document and every file in the evidence folder is at most 1024 KB (the community pre-commit limit)',
  severity: 'error',
  run(ctx) {
    const out: Finding[] = [];
    for (const file of [...documentsOnDisk(ctx).map((d) => d.file), ...filesUnder(ctx)]) {
      // Its content's fingerprint (the copies' digests, already taken by other rules) covers its size.
      track(ctx, 'content', file);
      const size = statSync(file).size;
      if (size > MAX_INLINE_BYTES) {
        out.push(
          finding('too-large', `expected at most ${MAX_INLINE_BYTES} bytes (1024 KB), found ${size} bytes`, {
            file: ctx.show(file),
            hint: 'collect records files over the limit as external (digest and summary only): remove this copy and collect again, or split the document',
          }),
        );
      }
    }
    return out;
  },
});

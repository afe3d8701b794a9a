import { defineRule, finding, type Finding } from './_rule.js';

/**
 * An artifact over the 1024 KB limit is recorded, not committed: without a `url` where it is
 * published, a reviewer can verify its digest but never get it.
 */
export const rule = defineRule({
  id: 'external-url',
  description: 'every external artifact (over 1024 KB, not committed) says where it is published (`url` of its input)',
  severity: 'warning',
  run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    const out: Finding[] = [];
    ctx.manifest.entries.forEach((e, i) => {
      if (e?.storage !== 'external' || typeof e.url === 'string') return;
      out.push(
        finding('missing', `expected a url for external artifact ${e.id} (${e.bytes} bytes, not committed), found none: reviewers cannot get it`, {
          file: ctx.show(ctx.manifestFile),
          pointer: `/entries/${i}`,
          hint: `publish ${e.source} (release asset, cloud storage), add \`url: https://...\` to its input in the config and collect again`,
        }),
      );
    });
    return out;
  },
});

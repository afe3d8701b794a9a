import { defineRule } from './_rule.js';

/**
 * Generated regions are intact: markers balanced and unique (`regions.broken`), contents match
 * their recorded digest (`regions.hand-edited`), and regions the author deleted are pointed out
 * (`regions.deleted`, a warning: render keeps them deleted).
 */
export const rule = defineRule({
  id: 'regions',
  description: 'generated regions have balanced markers, are not edited by hand, and deleted ones are reported',
  severity: 'error',
  needs: ['plan'],
  async run(ctx) {
    if (!ctx.plan) return [];
    const { regionDiagnostics } = await import('../render/render.js');
    return regionDiagnostics(ctx.plan.documents, ctx.show, false);
  },
});

import { validate } from '../schemas/validate.js';
import { defineRule } from './_rule.js';

export const rule = defineRule({
  id: 'manifest.schema',
  description: 'manifest.json exists, is JSON and matches the published manifest schema',
  severity: 'error',
  run(ctx) {
    if (!ctx.manifest) return [];
    return validate('manifest.schema.json', ctx.manifest, ctx.show(ctx.manifestFile), 'manifest.schema');
  },
});

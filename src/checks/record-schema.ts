import { kinds } from '../kinds/registry.js';
import { validate } from '../schemas/validate.js';
import { defineRule, finding, type Finding } from './_rule.js';

/** Every entry's record matches its kind's schema, and entries that did not parse are reported with their reasons. */
export const rule = defineRule({
  id: 'record.schema',
  description: "every manifest entry parsed and its record matches schemas/records/<kind>.schema.json",
  severity: 'error',
  async run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    const defs = await kinds();
    const file = ctx.show(ctx.manifestFile);
    const out: Finding[] = [];
    ctx.manifest.entries.forEach((e, i) => {
      if (!e || typeof e !== 'object') return;
      if (e.valid === false) {
        const reasons = (e.diagnostics ?? []).filter((d) => d.severity === 'error');
        out.push(
          finding('invalid', `evidence ${e.source} (${e.kind}) could not be read${reasons.length ? `: ${reasons.map((d) => `${d.line !== undefined ? `line ${d.line}:${d.column ?? 1} ` : d.pointer !== undefined ? `${d.pointer} ` : ''}${d.message}`).join('; ')}` : ''}`, {
            file,
            pointer: `/entries/${i}`,
            hint: `run \`rfc-evidence inspect ${e.source}\` for details, fix the file and collect again`,
          }),
        );
      }
      if (!e.record) return;
      const def = defs.get(e.record.kind);
      if (!def) {
        out.push(finding('unknown-kind', `unknown record kind '${e.record.kind}'`, { file, pointer: `/entries/${i}/record/kind` }));
        return;
      }
      for (const d of validate(def.schema, e.record, file, 'record.schema')) out.push({ ...d, pointer: `/entries/${i}/record${d.pointer ?? ''}` });
    });
    return out;
  },
});

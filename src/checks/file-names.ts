import { readdirSync } from 'node:fs';
import path from 'node:path';
import { warning } from '../diagnostics/diagnostic.js';
import { compactDate } from '../render/format.js';
import { documentFile, documentSetFor, fileNamePattern } from '../render/document-sets.js';
import { track } from './_reads.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * The community naming rule of the document set (`YYYYMMDD_<slug>_<doc>_for_<project>.md` for the
 * stage documents, `YYYYMMDD_<slug>_for_<project>.md` for a design RFC, ...), for every Markdown file of
 * this RFC in the documents folder (a file whose name contains the slug: other people's RFCs in the
 * same folder are not ours to judge), and the folder itself (`rfcs/<Project>/`).
 */
export const rule = defineRule({
  id: 'file-names',
  description: "the RFC documents are named as their document set says (YYYYMMDD_<slug>_<doc>_for_<project>.md for the stage set) and live in rfcs/<Project>/",
  severity: 'error',
  run(ctx) {
    const { rfc, outDirAbs } = ctx.config;
    const out: Finding[] = [];
    const date = compactDate(rfc.date);
    const project = rfc.project.toLowerCase();
    const specs = documentSetFor(ctx.config).documents;
    const expected = specs.map((s) => documentFile(rfc, s)).join(' or ');
    let names: string[];
    try {
      track(ctx, 'listing', outDirAbs);
      names = readdirSync(outDirAbs).filter((n) => /\.md$/i.test(n) && n.toLowerCase().includes(rfc.slug.toLowerCase())).sort();
    } catch {
      return [];
    }
    for (const name of names) {
      const file = ctx.show(path.join(outDirAbs, name));
      if (specs.some((s) => documentFile(rfc, s) === name)) continue;
      const m = specs.map((s) => fileNamePattern(s).exec(name)?.groups).find((g) => g !== undefined);
      if (!m) {
        out.push(finding('pattern', `expected a name like ${expected}, found ${name}`, { file, hint: 'rename the file (render writes the right names)' }));
        continue;
      }
      if (m.date !== date || m.slug !== rfc.slug || (m.project !== undefined && m.project !== project)) {
        out.push(finding('mismatch', `expected ${expected} (rfc.date ${rfc.date}, rfc.slug, rfc.project), found ${name}`, { file, hint: 'rename the file or fix rfc.date / rfc.slug / rfc.project in the config' }));
      }
    }
    const folder = path.basename(outDirAbs);
    if (folder !== rfc.project) {
      out.push(warning('folder', `expected the documents in rfcs/${rfc.project}/, found folder ${folder}/`, { file: ctx.show(outDirAbs), hint: 'set outDir to rfcs/<Project> of your community fork' }));
    }
    return out;
  },
});

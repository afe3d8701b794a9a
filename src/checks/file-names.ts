import { readdirSync } from 'node:fs';
import path from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { compactDate } from '../render/format.js';
import { DOC_FILE_PATTERN } from '../render/names.js';
import type { Rule } from './types.js';

/**
 * The community naming rule `YYYYMMDD_<slug>_<doc>_for_<project>.md`, for every Markdown file of
 * this RFC in the documents folder (a file whose name contains the slug: other people's RFCs in the
 * same folder are not ours to judge), and the folder itself (`rfcs/<Project>/`).
 */
export const rule: Rule = {
  id: 'file-names',
  description: 'the RFC documents are named YYYYMMDD_<slug>_<doc>_for_<project>.md and live in rfcs/<Project>/',
  severity: 'error',
  run(ctx) {
    const { rfc, outDirAbs } = ctx.config;
    const out: Diagnostic[] = [];
    const date = compactDate(rfc.date);
    const project = rfc.project.toLowerCase();
    let names: string[];
    try {
      names = readdirSync(outDirAbs).filter((n) => /\.md$/i.test(n) && n.toLowerCase().includes(rfc.slug.toLowerCase())).sort();
    } catch {
      return [];
    }
    for (const name of names) {
      const file = ctx.show(path.join(outDirAbs, name));
      const m = DOC_FILE_PATTERN.exec(name);
      const expected = `${date}_${rfc.slug}_<report|exec_summary|evidence_manifest>_for_${project}.md`;
      if (!m) {
        out.push(error('file-names.pattern', `expected a name like ${expected}, found ${name}`, { file, hint: 'rename the file (render writes the right names)' }));
        continue;
      }
      const [, d, slug, , p] = m;
      if (d !== date || slug !== rfc.slug || p !== project) {
        out.push(error('file-names.mismatch', `expected ${expected} (rfc.date ${rfc.date}, rfc.slug, rfc.project), found ${name}`, { file, hint: 'rename the file or fix rfc.date / rfc.slug / rfc.project in the config' }));
      }
    }
    const folder = path.basename(outDirAbs);
    if (folder !== rfc.project) {
      out.push(warning('file-names.folder', `expected the documents in rfcs/${rfc.project}/, found folder ${folder}/`, { file: ctx.show(outDirAbs), hint: 'set outDir to rfcs/<Project> of your community fork' }));
    }
    return out;
  },
};

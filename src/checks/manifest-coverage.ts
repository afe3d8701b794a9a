import { statSync } from 'node:fs';
import path from 'node:path';
import { warning } from '../diagnostics/diagnostic.js';
import { BAGIT_FILE, MANIFEST_FILE } from '../evidence/manifest.js';
import { isInside } from '../util/fs.js';
import { filesUnder } from './_evidence.js';
import { linkTarget, parsedDocuments } from './_documents.js';
import { defineRule, finding, type Finding } from './_rule.js';
import { track } from './_reads.js';
import type { CheckContext } from './types.js';

/**
 * The manifest and the documents agree: every manifest entry is listed in the evidence manifest
 * document (a link to its copy, or for a large set grouped by folder a link to its folder; an
 * external one by its short digest), every evidence file a
 * document links is in the manifest, and the evidence folder holds nothing the manifest does not
 * describe (such a file would be published without a digest).
 */
export const rule = defineRule({
  id: 'manifest-coverage',
  description: 'every manifest entry appears in the evidence manifest document, and every linked or published evidence file is in the manifest',
  severity: 'error',
  needs: ['plan', 'documents'],
  run(ctx) {
    if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    const out: Finding[] = [];
    const evidenceDir = ctx.config.evidenceDirAbs;
    // The tool's own files: the manifest pair, and the charts render draws from the manifest.
    const own = new Set([...[MANIFEST_FILE, BAGIT_FILE].map((f) => path.join(evidenceDir, f)), ...(ctx.plan?.assets ?? []).map((a) => a.file)]);
    const listed = new Set(ctx.manifest.entries.filter((e) => e?.storage === 'inline' && typeof e.path === 'string').map((e) => path.join(evidenceDir, e.path)));
    const docs = parsedDocuments(ctx);
    for (const d of docs) {
      for (const l of d.links) {
        const target = linkTarget(d.file, l.url);
        if (!target || !isInside(evidenceDir, target) || target === evidenceDir || own.has(target) || listed.has(target) || isFolder(ctx, target)) continue;
        out.push(finding('unlisted-link', `expected a linked evidence file to be in manifest.json, found ${l.url}, which is not`, { file: d.shown, line: l.line, column: l.column, hint: 'add the file to the config inputs and collect again, or remove the link' }));
      }
    }
    const manifestDoc = docs.find((d) => d.serves.includes('evidence_manifest'));
    if (manifestDoc) {
      const linked = new Set(manifestDoc.links.map((l) => linkTarget(manifestDoc.file, l.url)).filter((t): t is string => t !== undefined));
      ctx.manifest.entries.forEach((e, i) => {
        if (!e || typeof e.path !== 'string') return;
        const copy = path.join(evidenceDir, e.path);
        const present = e.storage === 'inline' ? linked.has(copy) || linked.has(path.dirname(copy)) : typeof e.sha256 === 'string' && manifestDoc.text.includes(e.sha256.slice(0, 12));
        if (!present) {
          out.push(
            finding('entry-missing', `expected manifest entry ${e.id} (manifest.json#/entries/${i}) in the evidence manifest document, found ${e.storage === 'inline' ? `no link to ${e.path}` : `no mention of its digest ${String(e.sha256).slice(0, 12)}`}`, {
              file: manifestDoc.shown,
              line: 1,
              column: 1,
              hint: 'run `rfc-evidence render` to regenerate the list',
            }),
          );
        }
      });
    }
    for (const file of filesUnder(ctx)) {
      if (own.has(file) || listed.has(file)) continue;
      out.push(warning('unlisted-file', `expected every file in the evidence folder to be in manifest.json, found ${path.relative(evidenceDir, file).split(path.sep).join('/')}, which is not`, { file: ctx.show(file), hint: 'remove it, or add it to the config inputs and collect again' }));
    }
    return out;
  },
});

/** A link to a folder of the evidence (the grouped list links folders): not a file the manifest must describe. */
function isFolder(ctx: CheckContext, target: string): boolean {
  track(ctx, 'exists', target);
  return statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

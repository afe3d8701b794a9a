import { copiedFiles, evidenceFacts } from './_evidence.js';
import { parsedDocuments } from './_documents.js';
import { scanText, type Hit } from './_text.js';
import { defineRule, finding, type Finding } from './_rule.js';
import { packageVersion } from '../version.js';

/** Cache name of manifest.json's secret hits: a new tool version (new redaction rules) scans again. */
const MANIFEST_FACTS = `manifest-secrets/1@${packageVersion}`;

/**
 * No secrets or identifying values in what gets published: the documents, the copies and
 * manifest.json, scanned with the rules collect redacts with (src/evidence/redaction-rules.ts),
 * so a hit means redaction was off or a file was edited, and a value collect masked (`***`) is
 * never a finding. Findings name the rule, never the secret.
 */
export const rule = defineRule({
  id: 'secrets',
  description: 'documents and published evidence contain no secrets (passwords in URLs, tokens, API keys)',
  severity: 'error',
  needs: ['documents'],
  async run(ctx) {
    const out: Finding[] = [];
    const report = (file: string, h: Hit, hint: string) =>
      out.push(finding('found', `expected no secret, found ${h.what}`, { file, line: h.line, column: h.column, hint }));
    for (const { shown, facts } of parsedDocuments(ctx)) {
      for (const h of facts.secrets.hits) report(shown, h, 'remove it from the document, and revoke it: it may already be in the history');
    }
    for (const file of copiedFiles(ctx)) {
      for (const h of (await evidenceFacts(ctx, file))?.secrets.hits ?? []) report(file.shown, h, 'collect with `redact: true` (the default), or remove it from the source and collect again; revoke it');
    }
    if (ctx.manifest) {
      // Cached until manifest.json changes: scanning a 10,000-entry manifest was most of a warm check.
      let hits: Hit[];
      try {
        hits = await ctx.hashes.fact(ctx.manifestFile, MANIFEST_FACTS, (buf) => scanText(buf.toString('utf8')).secrets.hits);
      } catch {
        hits = [];
      }
      for (const h of hits) report(ctx.show(ctx.manifestFile), h, 'collect again with `redact: true` (the default); revoke it');
    }
    return out;
  },
});

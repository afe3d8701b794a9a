import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { copiedFiles, evidenceFacts } from './_evidence.js';
import { parsedDocuments } from './_documents.js';
import type { Hit } from './_text.js';
import type { Rule } from './types.js';

/**
 * No secrets in what gets published: passwords in URLs, bearer tokens, `token=`/`api_key=`
 * values, AWS, GitHub and OpenAI keys. The patterns are the ones collect redacts, so a hit in a
 * copy means redaction was off or the copy was edited. Findings name the kind, never the secret.
 */
export const rule: Rule = {
  id: 'secrets',
  description: 'documents and published evidence contain no secrets (passwords in URLs, tokens, API keys)',
  severity: 'error',
  async run(ctx) {
    const out: Diagnostic[] = [];
    const report = (file: string, h: Hit, hint: string) =>
      out.push(error('secrets.found', `expected no secret, found ${h.what}`, { file, line: h.line, column: h.column, hint }));
    for (const { shown, facts } of parsedDocuments(ctx)) {
      for (const h of facts.secrets.hits) report(shown, h, 'remove it from the document, and revoke it: it may already be in the history');
    }
    for (const file of copiedFiles(ctx)) {
      for (const h of (await evidenceFacts(ctx, file))?.secrets.hits ?? []) report(file.shown, h, 'collect with `redact: true` (the default), or remove it from the source and collect again; revoke it');
    }
    return out;
  },
};

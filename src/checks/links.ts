import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { headings, loadMarkdownParser, parseMarkdown } from '../markdown/parse.js';
import { slugsInOrder } from '../markdown/slug.js';
import { parsedDocuments } from './_documents.js';
import { defineRule, finding, type Finding } from './_rule.js';
import { track } from './_reads.js';

/** Relative links resolve to files, and `#anchors` to headings (GitHub slugs, CJK kept). */
export const rule = defineRule({
  id: 'links',
  description: 'relative links resolve to existing files and #anchors to headings (GitHub slugs)',
  severity: 'error',
  needs: ['documents'],
  async run(ctx) {
    const out: Finding[] = [];
    const docs = parsedDocuments(ctx);
    // The documents' anchors come with their cached facts; other Markdown files are parsed here.
    const anchorCache = new Map<string, Set<string>>(docs.map((d) => [d.file, new Set(d.anchors)]));
    const anchorsOf = async (file: string) => {
      let set = anchorCache.get(file);
      if (!set) {
        track(ctx, 'content', file);
        await loadMarkdownParser();
        set = new Set(slugsInOrder(headings(parseMarkdown(readFileSync(file, 'utf8')))));
        anchorCache.set(file, set);
      }
      return set;
    };
    for (const { file, shown, links } of docs) {
      for (const link of links) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link.url) || link.url.startsWith('//')) continue;
        const at = { file: shown, line: link.line, column: link.column };
        const [rawTarget, anchor] = splitAnchor(link.url);
        if (path.isAbsolute(rawTarget) || rawTarget.startsWith('/')) {
          out.push(finding('absolute', `expected a link relative to the document, found ${link.url}`, at));
          continue;
        }
        const target = rawTarget === '' ? file : path.resolve(path.dirname(file), safeDecode(rawTarget));
        track(ctx, 'exists', target);
        if (!existsSync(target)) {
          out.push(finding('broken', `expected link target ${rawTarget} to exist, found no such file`, at));
          continue;
        }
        if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md') && !(await anchorsOf(target)).has(safeDecode(anchor))) {
          out.push(finding('anchor', `expected #${anchor} to match a heading in ${rawTarget || 'this document'}, found none with that GitHub slug`, at));
        }
      }
    }
    return out;
  },
});

function splitAnchor(url: string): [string, string | undefined] {
  const i = url.indexOf('#');
  return i < 0 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}

/** decodeURIComponent that keeps text with a stray `%` as it is. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { headings, links, parseMarkdown } from '../markdown/parse.js';
import { slugsInOrder } from '../markdown/slug.js';
import { documentsOnDisk } from './_documents.js';
import type { Rule } from './types.js';

/** Relative links resolve to files, and `#anchors` to headings (GitHub slugs, CJK kept). */
export const rule: Rule = {
  id: 'links',
  description: 'relative links resolve to existing files and #anchors to headings (GitHub slugs)',
  severity: 'error',
  run(ctx) {
    const out: Diagnostic[] = [];
    const anchorCache = new Map<string, Set<string>>();
    const anchorsOf = (file: string) => {
      let set = anchorCache.get(file);
      if (!set) {
        set = new Set(slugsInOrder(headings(parseMarkdown(readFileSync(file, 'utf8')))));
        anchorCache.set(file, set);
      }
      return set;
    };
    for (const { file, shown, text } of documentsOnDisk(ctx)) {
      for (const link of links(parseMarkdown(text))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link.url) || link.url.startsWith('//')) continue;
        const at = { file: shown, line: link.line, column: link.column };
        const [rawTarget, anchor] = splitAnchor(link.url);
        if (path.isAbsolute(rawTarget) || rawTarget.startsWith('/')) {
          out.push(error('links.absolute', `link ${link.url} is absolute: use a path relative to the document`, at));
          continue;
        }
        const target = rawTarget === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(rawTarget));
        if (!existsSync(target)) {
          out.push(error('links.broken', `link target ${rawTarget} does not exist`, at));
          continue;
        }
        if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md') && !anchorsOf(target).has(decodeURIComponent(anchor))) {
          out.push(error('links.anchor', `anchor #${anchor} matches no heading in ${rawTarget || 'this document'}`, at));
        }
      }
    }
    return out;
  },
};

function splitAnchor(url: string): [string, string | undefined] {
  const i = url.indexOf('#');
  return i < 0 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}

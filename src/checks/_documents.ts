import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { links, parseMarkdown, type LinkRef, type MdNode } from '../markdown/parse.js';
import { DOC_NAMES, documentFileName, type DocName } from '../render/names.js';
import { scanText, type TextFacts } from './_text.js';
import type { CheckContext } from './types.js';

export interface DocumentOnDisk {
  doc: DocName;
  file: string;
  shown: string;
  text: string;
}

export interface ParsedDocument extends DocumentOnDisk {
  root: MdNode;
  links: LinkRef[];
  facts: TextFacts;
}

/** The documents as they are on disk (rules about their content skip a missing one). */
export function documentsOnDisk(ctx: CheckContext): DocumentOnDisk[] {
  return DOC_NAMES.map((doc) => ({ doc, file: path.join(ctx.config.outDirAbs, documentFileName(ctx.config.rfc, doc)) }))
    .filter(({ file }) => existsSync(file))
    .map(({ doc, file }) => ({ doc, file, shown: ctx.show(file), text: readFileSync(file, 'utf8') }));
}

const parsed = new WeakMap<CheckContext, ParsedDocument[]>();

/** The documents parsed once per check (several rules read their links, tables and text facts). */
export function parsedDocuments(ctx: CheckContext): ParsedDocument[] {
  let docs = parsed.get(ctx);
  if (!docs) {
    docs = documentsOnDisk(ctx).map((d) => {
      const root = parseMarkdown(d.text);
      return { ...d, root, links: links(root), facts: scanText(d.text) };
    });
    parsed.set(ctx, docs);
  }
  return docs;
}

/** A relative link's target as an absolute path (undefined for URLs, absolute and pure-anchor links). */
export function linkTarget(docFile: string, url: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('/') || url.startsWith('#')) return undefined;
  const target = url.split('#')[0]!.split('?')[0]!;
  try {
    return path.resolve(path.dirname(docFile), decodeURIComponent(target));
  } catch {
    return path.resolve(path.dirname(docFile), target);
  }
}

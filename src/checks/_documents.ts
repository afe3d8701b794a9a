import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { headings, links, loadMarkdownParser, MarkdownParserNotLoaded, parseMarkdown, textOf, type LinkRef, type MdNode } from '../markdown/parse.js';
import { slugsInOrder } from '../markdown/slug.js';
import { packageVersion } from '../version.js';
import { documentFile, documentSetFor, type Part } from '../render/document-sets.js';
import { scanText, type TextFacts } from './_text.js';
import type { CheckContext } from './types.js';
import { track } from './_reads.js';

export interface DocumentOnDisk {
  /** Template name. */
  doc: string;
  serves: Part[];
  file: string;
  shown: string;
  text: string;
}

/** A row of the metadata table: label, value and where the row starts. */
export interface MetadataRow {
  label: string;
  value: string;
  line: number;
  column: number;
}

/** What the rules read from a document's Markdown tree and text, cached while the file is unchanged. */
export interface DocumentFacts {
  links: LinkRef[];
  /** GitHub anchors of the headings, in document order. */
  anchors: string[];
  /** The first table, when it comes before the first second-level section. */
  metadata?: { line: number; rows: MetadataRow[] };
  facts: TextFacts;
}

export interface ParsedDocument extends DocumentOnDisk, DocumentFacts {}

/**
 * Name of the cached facts in the hash cache: the tool version is part of it, so a new version
 * reads every document again. Bump the number when DocumentFacts or how they are found changes.
 */
const FACTS = `document-facts/1@${packageVersion}`;

/** The documents as they are on disk (rules about their content skip a missing one). */
export function documentsOnDisk(ctx: CheckContext): DocumentOnDisk[] {
  return documentSetFor(ctx.config)
    .documents.map((spec) => ({ doc: spec.template, serves: spec.serves, file: path.join(ctx.config.outDirAbs, documentFile(ctx.config.rfc, spec)) }))
    .filter(({ file }) => (track(ctx, 'content', file), existsSync(file)))
    .map((d) => ({ ...d, shown: ctx.show(d.file), text: readFileSync(d.file, 'utf8') }));
}

const loaded = new WeakMap<CheckContext, ParsedDocument[]>();

/**
 * Read the documents and their facts once per check (several rules read their links, tables and
 * text facts). A document is parsed as Markdown only when the hash cache has no facts for its
 * current content (the parser itself loads only then); unchanged documents cost a stat.
 */
export async function loadDocuments(ctx: CheckContext): Promise<ParsedDocument[]> {
  const docs: ParsedDocument[] = [];
  for (const d of documentsOnDisk(ctx)) {
    const compute = (content: Buffer) => documentFacts(content.toString('utf8'));
    let facts: DocumentFacts;
    try {
      facts = await ctx.hashes.fact(d.file, FACTS, compute);
    } catch (e) {
      if (!(e instanceof MarkdownParserNotLoaded)) throw e;
      await loadMarkdownParser();
      facts = await ctx.hashes.fact(d.file, FACTS, compute);
    }
    docs.push({ ...d, ...facts });
  }
  loaded.set(ctx, docs);
  return docs;
}

/** The documents loaded by loadDocuments (createContext calls it). */
export function parsedDocuments(ctx: CheckContext): ParsedDocument[] {
  const docs = loaded.get(ctx);
  if (!docs) throw new Error("internal: parsedDocuments before loadDocuments (a rule reading the documents declares needs: ['documents'])");
  for (const spec of documentSetFor(ctx.config).documents) track(ctx, 'content', path.join(ctx.config.outDirAbs, documentFile(ctx.config.rfc, spec)));
  return docs;
}

function documentFacts(text: string): DocumentFacts {
  const root = parseMarkdown(text);
  const metadata = metadataTable(root);
  return { links: links(root), anchors: slugsInOrder(headings(root)), ...(metadata ? { metadata } : {}), facts: scanText(text) };
}

/** The first table, if it comes before the first second-level section; its rows, header included. */
function metadataTable(root: MdNode): DocumentFacts['metadata'] {
  for (const n of root.children ?? []) {
    if (n.type === 'heading' && (n.depth ?? 1) >= 2) return undefined;
    if (n.type !== 'table') continue;
    // Label/value rows, the header row included (the community tables put 任务名称 in the header).
    const rows = (n.children ?? []).map((row) => {
      const cells = (row.children ?? []).map((c) => textOf(c).trim());
      return { label: cells[0] ?? '', value: cells[1] ?? '', line: row.position?.start.line ?? 1, column: row.position?.start.column ?? 1 };
    });
    return { line: n.position?.start.line ?? 1, rows };
  }
  return undefined;
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

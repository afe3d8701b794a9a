
/** The subset of mdast that the checks read. */
export interface MdNode {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: MdNode[];
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
}

/** remark + GFM, loaded by loadMarkdownParser. */
let processor: { parse(text: string): unknown } | undefined;

/**
 * Import remark and GFM (about 200 ms of module loading, which a render of documents that can be
 * read line by line skips). Needed before parseMarkdown; see withMarkdownParser.
 */
export async function loadMarkdownParser(): Promise<void> {
  if (processor) return;
  const [{ unified }, { default: remarkParse }, { default: remarkGfm }] = await Promise.all([import('unified'), import('remark-parse'), import('remark-gfm')]);
  processor = unified().use(remarkParse).use(remarkGfm);
}

/** Thrown by parseMarkdown before loadMarkdownParser; withMarkdownParser catches it. */
export class MarkdownParserNotLoaded extends Error {
  constructor() {
    super('internal: Markdown parser used before `await loadMarkdownParser()`');
  }
}

/**
 * Run `fn`, which may parse Markdown. If it needed the parser before it was loaded, load it and
 * run `fn` again: `fn` must have no side effects before it parses.
 */
export async function withMarkdownParser<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof MarkdownParserNotLoaded)) throw e;
  }
  await loadMarkdownParser();
  return fn();
}

/**
 * Parse a document into mdast. A render or check parses the same few documents several times
 * (regions, headings, links), so the last trees are kept by text; callers never mutate them.
 */
const recent = new Map<string, MdNode>();
const RECENT_MAX = 8;

export function parseMarkdown(text: string): MdNode {
  const hit = recent.get(text);
  if (hit) return hit;
  if (processor === undefined) throw new MarkdownParserNotLoaded();
  const tree = processor.parse(text) as MdNode;
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(text, tree);
  return tree;
}

export function walk(node: MdNode, visit: (n: MdNode) => void): void {
  visit(node);
  for (const c of node.children ?? []) walk(c, visit);
}

/** Plain text of a node (what GitHub slugs a heading from). */
export function textOf(node: MdNode): string {
  if (node.value !== undefined && node.type !== 'html') return node.value;
  return (node.children ?? []).map(textOf).join('');
}

export function headings(root: MdNode): string[] {
  const out: string[] = [];
  walk(root, (n) => {
    if (n.type === 'heading') out.push(textOf(n));
  });
  return out;
}

export interface LinkRef {
  url: string;
  line: number;
  column: number;
}

/** Links and images (inline and reference definitions), with positions. */
export function links(root: MdNode): LinkRef[] {
  const out: LinkRef[] = [];
  walk(root, (n) => {
    if ((n.type === 'link' || n.type === 'image' || n.type === 'definition') && n.url !== undefined && n.position) {
      out.push({ url: n.url, line: n.position.start.line, column: n.position.start.column });
    }
  });
  return out;
}

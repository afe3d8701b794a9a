import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** The subset of mdast that the checks read. */
export interface MdNode {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: MdNode[];
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
}

const processor = unified().use(remarkParse).use(remarkGfm);

export function parseMarkdown(text: string): MdNode {
  return processor.parse(text) as MdNode;
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

import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { sha256Text } from '../evidence/hash.js';

/**
 * Generated regions: `<!-- rfc-evidence:begin id=<id> sha256=<digest> -->` ... `<!-- rfc-evidence:end id=<id> -->`.
 * The digest is SHA-256 of the content between the two marker lines, with line endings
 * normalised to LF, so a CRLF checkout does not look like a hand edit.
 * Regions are located with remark (a marker inside a code block or inline in a paragraph is
 * not a marker), by the positions of whole-line HTML comment nodes; the text around them is
 * never re-serialised.
 */

const BEGIN = /^<!--\s*rfc-evidence:begin\s+id=(\S+)\s+sha256=([0-9a-f]{64})\s*-->$/;
const END = /^<!--\s*rfc-evidence:end\s+id=(\S+)\s*-->$/;

export interface Region {
  id: string;
  /** Digest recorded in the begin marker. */
  recordedSha256: string;
  /** Digest of the content as it is now. */
  actualSha256: string;
  /** Content between the marker lines (original line endings, no trailing line break). */
  content: string;
  /** Offsets into the document: begin marker start, content start/end, end marker end. */
  start: number;
  contentStart: number;
  contentEnd: number;
  end: number;
  /** 1-based line of the begin marker. */
  line: number;
}

export interface RegionProblem {
  id: string;
  line: number;
  message: string;
}

export function regionDigest(content: string): string {
  return sha256Text(content.replace(/\r\n?/g, '\n'));
}

/** A region as the renderer writes it (LF line endings). */
export function wrapRegion(id: string, content: string): string {
  const body = content.replace(/\n+$/, '');
  return `<!-- rfc-evidence:begin id=${id} sha256=${regionDigest(body)} -->\n${body}\n<!-- rfc-evidence:end id=${id} -->`;
}

interface Marker {
  type: 'begin' | 'end';
  id: string;
  sha?: string;
  start: number;
  end: number;
  line: number;
}

/** Find the regions of a document, and problems such as unbalanced or duplicated markers. */
export function findRegions(doc: string): { regions: Region[]; problems: RegionProblem[] } {
  const markers = findMarkers(doc);
  const regions: Region[] = [];
  const problems: RegionProblem[] = [];
  const seen = new Set<string>();
  let open: Marker | undefined;
  for (const m of markers) {
    if (m.type === 'begin') {
      if (open) problems.push({ id: open.id, line: open.line, message: `region '${open.id}' is not closed before region '${m.id}' begins` });
      open = m;
      continue;
    }
    if (!open || open.id !== m.id) {
      problems.push({ id: m.id, line: m.line, message: `end marker of region '${m.id}' without its begin marker` });
      open = undefined;
      continue;
    }
    const contentStart = lineBreakAfter(doc, open.end);
    const contentEnd = lineBreakBefore(doc, m.start, contentStart);
    const content = doc.slice(contentStart, contentEnd);
    if (seen.has(m.id)) problems.push({ id: m.id, line: open.line, message: `region '${m.id}' appears more than once` });
    seen.add(m.id);
    regions.push({
      id: m.id,
      recordedSha256: open.sha!,
      actualSha256: regionDigest(content),
      content,
      start: open.start,
      contentStart,
      contentEnd,
      end: m.end,
      line: open.line,
    });
    open = undefined;
  }
  if (open) problems.push({ id: open.id, line: open.line, message: `region '${open.id}' has no end marker` });
  return { regions, problems };
}

/** Offset just past the line break that follows `offset` (or `offset` when none). */
function lineBreakAfter(doc: string, offset: number): number {
  if (doc.startsWith('\r\n', offset)) return offset + 2;
  if (doc[offset] === '\n' || doc[offset] === '\r') return offset + 1;
  return offset;
}

/** Offset of the line break that precedes `offset`, not before `floor`. */
function lineBreakBefore(doc: string, offset: number, floor: number): number {
  let i = offset;
  if (i > floor && doc[i - 1] === '\n') i--;
  if (i > floor && doc[i - 1] === '\r') i--;
  return i;
}

const parser = unified().use(remarkParse).use(remarkGfm);

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { offset?: number; line: number }; end: { offset?: number } };
}

function findMarkers(doc: string): Marker[] {
  const out: Marker[] = [];
  const walk = (node: MdNode) => {
    if (node.type === 'html' && node.value && node.position) {
      // An HTML block may hold several comment lines; each whole line is checked.
      let offset = node.position.start.offset ?? 0;
      let line = node.position.start.line;
      for (const raw of node.value.split('\n')) {
        const text = raw.replace(/\r$/, '');
        const trimmed = text.trim();
        const b = BEGIN.exec(trimmed);
        const e = b ? null : END.exec(trimmed);
        // Markers must stand alone on their line, not inline in a paragraph.
        const lineStart = doc.lastIndexOf('\n', offset - 1) + 1;
        const wholeLine = doc.slice(lineStart, offset).trim() === '';
        if ((b || e) && wholeLine) {
          const start = offset + text.indexOf(trimmed);
          out.push({ type: b ? 'begin' : 'end', id: (b ?? e)![1]!, ...(b ? { sha: b[2] } : {}), start, end: start + trimmed.length, line });
        }
        offset += raw.length + 1;
        line++;
      }
      return;
    }
    for (const c of node.children ?? []) walk(c);
  };
  walk(parser.parse(doc) as MdNode);
  return out.sort((a, b) => a.start - b.start);
}

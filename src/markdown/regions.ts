import { sha256Text } from '../evidence/hash.js';
import { parseMarkdown, type MdNode } from './parse.js';

/**
 * Generated regions: `<!-- rfc-evidence:begin id=<id> sha256=<digest> -->` ... `<!-- rfc-evidence:end id=<id> -->`.
 * The digest is SHA-256 of the content between the two marker lines, with line endings
 * normalised to LF, so a CRLF checkout does not look like a hand edit. Render writes its first
 * 12 hex digits (DIGEST_CHARS); markers of older renders with all 64 are read and compared at
 * the length they were written, and get the short form when the region is next rewritten.
 * Regions are located as remark sees them (a marker inside a code block or inline in a
 * paragraph is not a marker): by the positions of whole-line HTML comment nodes, or line by line
 * when the document provably parses to the same; the text around them is never re-serialised.
 */

const BEGIN = /^<!--\s*rfc-evidence:begin\s+id=(\S+)\s+sha256=([0-9a-f]{12}|[0-9a-f]{64})\s*-->$/;
const END = /^<!--\s*rfc-evidence:end\s+id=(\S+)\s*-->$/;
const RECORD = /^<!--\s*rfc-evidence:regions((?:\s+\S+)*?)\s*-->$/;

/**
 * The regions record: `<!-- rfc-evidence:regions meta environment ... -->`, one invisible line
 * under the title listing every region id the document has ever had. It is what tells a region
 * the author deleted (listed, absent: stays deleted) from one a newer template adds (not listed:
 * inserted). It lives in the document itself so it travels with it (copies, branches, PRs) and
 * needs no side file in the community repo. Its first word may be `lang=<language>`: the
 * language the document was rendered in, so a render in another language can refuse instead of
 * mixing the two.
 */
export interface RegionRecord {
  ids: string[];
  lang?: string;
  /** Offsets of the comment itself (without its line break). */
  start: number;
  end: number;
  line: number;
}

export function regionRecordLine(ids: readonly string[], lang?: string): string {
  return `<!-- rfc-evidence:regions ${[...(lang ? [`lang=${lang}`] : []), ...ids].join(' ')} -->`;
}

const LANG_WORD = /^lang=(\S+)$/;

export interface Region {
  id: string;
  /** Digest recorded in the begin marker. */
  recordedSha256: string;
  /** Digest of the content as it is now, at the length of the recorded one (12 or 64 hex digits). */
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

/**
 * Hex digits of the digest a marker records. The digest only has to notice that a person changed
 * a region by hand; it guards against accidents, not forgery (whoever edits a region can as well
 * recompute any digest). 48 bits make the chance that an edit keeps the same digest 2^-48
 * (about 4e-15) per region and render, and match the short SHA-256 the evidence manifest shows.
 */
export const DIGEST_CHARS = 12;

/** The digest a begin marker records for `content`. */
export function regionDigest(content: string): string {
  return fullDigest(content).slice(0, DIGEST_CHARS);
}

function fullDigest(content: string): string {
  return sha256Text(content.replace(/\r\n?/g, '\n'));
}

/** A region as the renderer writes it (LF line endings). */
export function wrapRegion(id: string, content: string): string {
  const body = content.replace(/\n+$/, '');
  return `<!-- rfc-evidence:begin id=${id} sha256=${regionDigest(body)} -->\n${body}\n<!-- rfc-evidence:end id=${id} -->`;
}

export interface Marker {
  type: 'begin' | 'end' | 'record';
  id: string;
  sha?: string;
  ids?: string[];
  start: number;
  end: number;
  line: number;
}

/**
 * Find the regions of a document, its regions record (the first one, when there are several),
 * and problems such as unbalanced or duplicated markers.
 */
export function findRegions(doc: string): { regions: Region[]; problems: RegionProblem[]; record?: RegionRecord } {
  const markers = findMarkers(doc);
  const regions: Region[] = [];
  const problems: RegionProblem[] = [];
  const seen = new Set<string>();
  const recordMarker = markers.find((m) => m.type === 'record');
  let open: Marker | undefined;
  for (const m of markers) {
    if (m.type === 'record') continue;
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
      actualSha256: fullDigest(content).slice(0, open.sha!.length),
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
  return {
    regions,
    problems,
    ...(recordMarker ? { record: recordOf(recordMarker) } : {}),
  };
}

function recordOf(m: Marker): RegionRecord {
  const words = m.ids!;
  const lang = words.length ? LANG_WORD.exec(words[0]!)?.[1] : undefined;
  return { ids: lang !== undefined ? words.slice(1) : words, ...(lang !== undefined ? { lang } : {}), start: m.start, end: m.end, line: m.line };
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

/**
 * The markers of a document: read line by line when nothing in it could make a marker line
 * anything but an HTML block (see markersByLines), otherwise from the remark tree. Both give
 * the same markers; lines skip a parse that costs about 100 ms for a report.
 */
function findMarkers(doc: string): Marker[] {
  return markersByLines(doc) ?? markersByTree(doc);
}

/** A marker from the trimmed text of its line, or undefined when the line is not one. */
function markerOf(trimmed: string, start: number, line: number): Marker | undefined {
  const b = BEGIN.exec(trimmed);
  if (b) return { type: 'begin', id: b[1]!, sha: b[2]!, start, end: start + trimmed.length, line };
  const e = END.exec(trimmed);
  if (e) return { type: 'end', id: e[1]!, start, end: start + trimmed.length, line };
  const r = RECORD.exec(trimmed);
  if (r) return { type: 'record', id: '', ids: r[1]!.trim().split(/\s+/).filter(Boolean), start, end: start + trimmed.length, line };
  return undefined;
}

/** Lines that may open a code fence or an HTML block (up to three spaces of indent). */
const BLOCK_START = /^ {0,3}(?:```|~~~|<)/;
const INDENTED_MARKER = /^\s+<!--\s*rfc-evidence:/;

/**
 * Markers read line by line, or undefined when the document has a line that could open a code
 * fence or an HTML block other than a marker, a marker line that is indented, a lone CR or a
 * byte-order mark. Without those, CommonMark makes every marker line at column 0 an HTML block
 * of its own (a comment line interrupts paragraphs, tables, lists and quotes alike), which is
 * what the tree says; documents the renderer writes are of this kind until an author adds code
 * or HTML.
 */
export function markersByLines(doc: string): Marker[] | undefined {
  if (doc.startsWith('\uFEFF') || /\r(?!\n)/.test(doc)) return undefined;
  const out: Marker[] = [];
  let offset = 0;
  let line = 1;
  for (const raw of doc.split('\n')) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (BLOCK_START.test(text)) {
      const m = text.startsWith('<') ? markerOf(text.trimEnd(), offset, line) : undefined;
      if (m === undefined) return undefined;
      out.push(m);
    } else if (INDENTED_MARKER.test(text)) return undefined;
    offset += raw.length + 1;
    line++;
  }
  return out;
}

/** Markers from the remark tree: whole-line comments in HTML nodes. */
export function markersByTree(doc: string): Marker[] {
  const out: Marker[] = [];
  const walk = (node: MdNode) => {
    if (node.type === 'html' && node.value && node.position) {
      // An HTML block may hold several comment lines; each whole line is checked.
      let offset = node.position.start.offset ?? 0;
      let line = node.position.start.line;
      for (const raw of node.value.split('\n')) {
        const text = raw.replace(/\r$/, '');
        const trimmed = text.trim();
        // Markers must stand alone on their line, not inline in a paragraph.
        const lineStart = doc.lastIndexOf('\n', offset - 1) + 1;
        const start = offset + text.indexOf(trimmed);
        // Inside a container (list, quote) remark strips the prefixes from `value`, so the
        // computed offset only counts when the text really is there.
        const wholeLine = doc.slice(lineStart, offset).trim() === '' && doc.startsWith(trimmed, start);
        const m = wholeLine ? markerOf(trimmed, start, line) : undefined;
        if (m) out.push(m);
        offset += raw.length + 1;
        line++;
      }
      return;
    }
    for (const c of node.children ?? []) walk(c);
  };
  walk(parseMarkdown(doc));
  return out.sort((a, b) => a.start - b.start);
}

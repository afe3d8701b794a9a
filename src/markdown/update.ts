import { parseMarkdown, textOf, walk } from './parse.js';
import { findRegions, markersByLines, regionRecordLine, type Region, type RegionProblem } from './regions.js';

/** A region whose content an update replaces. */
export interface RegionChange {
  id: string;
  /** Contents before and after (LF line endings). */
  before: string;
  after: string;
  /** 1-based line, in the existing document, of the first line that differs. */
  line: number;
}

export interface UpdateResult {
  /**
   * The updated document. When hand edits block the update (`blocked`), this is what `--force`
   * would write, so check can still tell which regions are out of date; it must not be written.
   */
  text: string;
  /** Regions whose content changed, in document order. */
  changed: RegionChange[];
  /**
   * Regions the template has and the document never had: inserted at their template position,
   * after `line` of the existing document (0: at its start).
   */
  inserted: { id: string; line: number }[];
  /** Regions the document had (its regions record lists them) and the author deleted: left out. */
  deleted: string[];
  /** Regions an older render wrote that now render empty (their section does not apply): removed. */
  removed: string[];
  /** Regions edited by hand (content no longer matches its digest): refused unless force. */
  handEdited: RegionProblem[];
  /** Structural problems in the existing document (unbalanced markers...): nothing is updated. */
  problems: RegionProblem[];
  /** Line of the regions record in the existing document, if it has one. */
  recordLine?: number;
  /** True when the result must not be written: broken markers, or hand edits without force. */
  blocked: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Update an existing document from a fresh render. Only region contents, their digests and the
 * regions record change; every byte outside them stays as it is (the text is spliced at
 * positions remark found, never re-serialised). Regions are matched by id:
 * - in both: the content is replaced (line endings follow the region's own begin marker line);
 * - only in the fresh render, not in the record: inserted after what precedes it in the fresh
 *   render (the previous region, else the heading above it), and added to the record;
 * - only in the fresh render but in the record: the author deleted it, it stays deleted;
 * - only in the document: left alone (the template no longer has it; it is the author's now).
 * - in the document, and `omitted` by the fresh render (the template has it, but it came out empty
 *   because its section does not apply): removed with the blank line after it, and dropped from
 *   the record, so it is inserted again once it has content. A hand-edited one is refused like
 *   any hand edit.
 * A document without a record (made before records existed) is treated as never having had the
 * regions it lacks, so they are inserted; the record is added under the title.
 */
export function updateDocument(existing: string, fresh: string, options: { force?: boolean; omitted?: readonly string[]; lang?: string } = {}): UpdateResult {
  const old = findRegions(existing);
  const next = findRegions(fresh);
  if (next.problems.length) throw new Error(`the fresh render has broken regions: ${next.problems.map((p) => p.message).join('; ')}`);
  const nextById = new Map(next.regions.map((r) => [r.id, r]));
  const omitted = new Set((options.omitted ?? []).filter((id) => !nextById.has(id)));
  const handEdited = old.regions
    .filter((r) => r.recordedSha256 !== r.actualSha256 && (nextById.has(r.id) || omitted.has(r.id)))
    .map((r) => ({ id: r.id, line: r.line, message: `region '${r.id}' was edited by hand (its content no longer matches the recorded sha256)` }));
  const result: UpdateResult = {
    text: existing,
    changed: [],
    inserted: [],
    deleted: [],
    removed: [],
    handEdited,
    problems: old.problems,
    ...(old.record ? { recordLine: old.record.line } : {}),
    blocked: old.problems.length > 0 || (handEdited.length > 0 && !options.force),
  };
  if (old.problems.length) return result;

  const edits: Edit[] = [];
  for (const r of old.regions) {
    if (omitted.has(r.id)) {
      edits.push(removal(existing, r));
      result.removed.push(r.id);
      const before = normalize(r.content);
      result.changed.push({ id: r.id, before, after: '', line: r.line });
      continue;
    }
    const f = nextById.get(r.id);
    if (!f) continue;
    const replacement = withEol(fresh.slice(f.start, f.end), eolAt(existing, r.start));
    if (existing.slice(r.start, r.end) === replacement) continue;
    edits.push({ start: r.start, end: r.end, text: replacement });
    const before = normalize(r.content);
    const after = normalize(f.content);
    if (before !== after || r.recordedSha256 !== f.recordedSha256) result.changed.push({ id: r.id, before, after, line: r.line + 1 + firstDifference(before, after) });
  }

  const present = new Set(old.regions.map((r) => r.id));
  const had = new Set(old.record?.ids ?? []);
  result.deleted = next.regions.filter((f) => !present.has(f.id) && had.has(f.id)).map((f) => f.id);
  const toInsert = next.regions.filter((f) => !present.has(f.id) && !had.has(f.id));
  const inserts = insertions(existing, fresh, old.regions, next.regions, toInsert);
  result.inserted = inserts.flatMap((e) => e.ids.map((id) => ({ id, line: lineOf(existing, e.start) })));
  edits.push(...inserts);

  // An omitted region leaves the record unless the author deleted it (listed, absent): that stays remembered.
  const forget = (id: string) => omitted.has(id) && (present.has(id) || !had.has(id));
  const recordIds = [...new Set([...next.regions.map((r) => r.id), ...(old.record?.ids ?? []), ...old.regions.map((r) => r.id)])].filter((id) => !forget(id));
  const line = regionRecordLine(recordIds, options.lang ?? old.record?.lang);
  if (old.record) {
    if (existing.slice(old.record.start, old.record.end) !== line) edits.push({ start: old.record.start, end: old.record.end, text: line });
  } else edits.push(recordInsertion(existing, line));

  result.text = applyEdits(existing, edits);
  return result;
}

/** The fresh render of a document with its regions record under the title, as a first render writes it. */
export function withRegionRecord(doc: string, lang?: string): string {
  return applyEdits(doc, [recordInsertion(doc, regionRecordLine(findRegions(doc).regions.map((r) => r.id), lang))]);
}

/** Removing a region: its markers and content, and the blank line after it when one precedes it too. */
function removal(doc: string, r: Region): Edit {
  const eol = eolAt(doc, r.start);
  let end = r.end;
  let start = r.start;
  if (doc.slice(0, start).endsWith(eol + eol)) {
    if (doc.startsWith(eol + eol, end)) end += 2 * eol.length;
    else if (end + eol.length === doc.length && doc.startsWith(eol, end)) {
      start -= eol.length;
      end += eol.length;
    }
  }
  return { start, end, text: '' };
}

function applyEdits(text: string, edits: Edit[]): string {
  // From the end so earlier offsets stay valid; insertions at one offset keep their order.
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The record goes on its own line after the first level-1 heading (the title), else first. */
function recordInsertion(doc: string, line: string): Edit {
  const byLines = titleEndByLines(doc);
  const titleEnd = byLines === undefined ? titleEndByTree(doc) : (byLines ?? undefined);
  if (titleEnd === undefined) {
    const eol = eolAt(doc, 0);
    return { start: 0, end: 0, text: line + eol + eol };
  }
  return { start: titleEnd, end: titleEnd, text: spaced(doc, titleEnd, line) };
}

/** End offset of the first level-1 heading in the remark tree, undefined when there is none. */
export function titleEndByTree(doc: string): number | undefined {
  let end: number | undefined;
  walk(parseMarkdown(doc), (n) => {
    if (end === undefined && n.type === 'heading' && n.depth === 1) end = n.position?.end.offset;
  });
  return end;
}

/** A line that is, or may be inside a list or quote, an ATX heading of level 1. */
const MAYBE_TITLE = /^(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*#(?:[ \t]|$)/;
const TITLE = /^ {0,3}#(?:[ \t]|$)/;
const SETEXT_TITLE_UNDERLINE = /^ {0,3}=+[ \t]*$/;

/**
 * The same read line by line: the end of the first top-level `# ` line (its trailing blanks
 * included, as remark counts them), null when there is no title. Undefined when the lines cannot
 * tell: where markers cannot be read by lines (fences, HTML), or a setext underline or a title
 * inside a list or quote comes first.
 */
export function titleEndByLines(doc: string): number | null | undefined {
  if (markersByLines(doc) === undefined) return undefined;
  let offset = 0;
  for (const raw of doc.split('\n')) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (SETEXT_TITLE_UNDERLINE.test(text)) return undefined;
    if (MAYBE_TITLE.test(text)) return TITLE.test(text) ? offset + text.length : undefined;
    offset += raw.length + 1;
  }
  return null;
}

/**
 * Where each missing region goes: after the nearest thing before it in the fresh render that
 * the document still has, a region or a heading (matched by level, text and occurrence).
 * Several regions with the same anchor are inserted together in template order.
 */
function insertions(existing: string, fresh: string, oldRegions: Region[], freshRegions: Region[], toInsert: Region[]): (Edit & { ids: string[] })[] {
  if (toInsert.length === 0) return [];
  const endOf = new Map(oldRegions.map((r) => [r.id, r.end]));
  const oldHeadingEnds = new Map<string, number[]>();
  for (const h of headings(existing)) oldHeadingEnds.set(h.key, [...(oldHeadingEnds.get(h.key) ?? []), h.end]);
  // Everything in the fresh render that can anchor an insertion, in order, with where it ends
  // in the existing document (undefined when the document does not have it).
  const anchors = [
    ...headings(fresh).map((h) => ({ start: h.start, end: oldHeadingEnds.get(h.key)?.[h.occurrence] })),
    ...freshRegions.map((r) => ({ start: r.start, end: endOf.get(r.id) })),
  ].sort((a, b) => a.start - b.start);
  const groups = new Map<number, Region[]>();
  for (const f of toInsert) {
    const at = anchors.filter((a) => a.start < f.start && a.end !== undefined).at(-1)?.end ?? existing.length;
    groups.set(at, [...(groups.get(at) ?? []), f]);
  }
  return [...groups].map(([at, regions]) => {
    const eol = eolAt(existing, at);
    const blocks = regions.map((f) => withEol(fresh.slice(f.start, f.end), eol)).join(eol + eol);
    return { start: at, end: at, text: spaced(existing, at, blocks), ids: regions.map((f) => f.id) };
  });
}

/** 1-based line of `offset`. */
function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `block` to insert at `at`, with a blank line before it and one after it (unless at the end). */
function spaced(text: string, at: number, block: string): string {
  const eol = eolAt(text, at);
  const rest = text.slice(at);
  if (rest === '') return (text.endsWith('\n') ? eol : eol + eol) + block + (text.endsWith('\n') ? eol : '');
  const blankAfter = rest.startsWith(eol + eol) || rest === eol;
  return eol + eol + block + (blankAfter ? '' : rest.startsWith(eol) ? eol : eol + eol);
}

/** Headings keyed by level and text, with the occurrence of that key (0 for the first). */
function headings(doc: string): { key: string; occurrence: number; start: number; end: number }[] {
  const out: { key: string; occurrence: number; start: number; end: number }[] = [];
  const seen = new Map<string, number>();
  walk(parseMarkdown(doc), (n) => {
    if (n.type !== 'heading' || !n.position) return;
    const key = `${n.depth} ${textOf(n).trim()}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    out.push({ key, occurrence, start: n.position.start.offset ?? 0, end: n.position.end.offset ?? 0 });
  });
  return out;
}

/** The line ending used by the line containing `offset` (LF when it has none). */
function eolAt(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  if (nl > 0 && text[nl - 1] === '\r') return '\r\n';
  if (nl >= 0) return '\n';
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function withEol(s: string, eol: string): string {
  return eol === '\n' ? s : s.replace(/\r?\n/g, eol);
}

function normalize(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

function firstDifference(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  // -1 (the begin marker's line) when only the recorded digest differs.
  const i = Math.max(x.length, y.length);
  for (let k = 0; k < i; k++) if (x[k] !== y[k]) return k;
  return -1;
}

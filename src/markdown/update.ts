import { findRegions, type Region, type RegionProblem } from './regions.js';

export interface UpdateResult {
  text: string;
  /** Regions whose content changed. */
  changed: string[];
  /** Regions the template has and the document lacked, inserted. */
  inserted: string[];
  /** Regions edited by hand (content no longer matches its digest): refused unless force. */
  handEdited: RegionProblem[];
  /** Structural problems in the existing document (unbalanced markers...). */
  problems: RegionProblem[];
}

/**
 * Update an existing document from a fresh render: only region contents (and their digests)
 * are replaced; every byte outside the regions stays as it is. Regions are matched by id.
 * A region the fresh render has and the document lacks is inserted after the heading that
 * precedes it in the fresh render (or at the end when that heading is gone).
 */
export function updateDocument(existing: string, fresh: string, options: { force?: boolean } = {}): UpdateResult {
  const old = findRegions(existing);
  const next = findRegions(fresh);
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const nextById = new Map(next.regions.map((r) => [r.id, r]));
  const handEdited = old.regions
    .filter((r) => r.recordedSha256 !== r.actualSha256 && nextById.has(r.id))
    .map((r) => ({ id: r.id, line: r.line, message: `region '${r.id}' was edited by hand (its content no longer matches the recorded sha256)` }));
  const result: UpdateResult = { text: existing, changed: [], inserted: [], handEdited, problems: old.problems };
  if (old.problems.length || (handEdited.length && !options.force)) return result;

  // Replace from the end so earlier offsets stay valid.
  let text = existing;
  for (const r of [...old.regions].sort((a, b) => b.start - a.start)) {
    const f = nextById.get(r.id);
    if (!f) continue;
    const replacement = withEol(fresh.slice(f.start, f.end), eol);
    if (text.slice(r.start, r.end) !== replacement) {
      text = text.slice(0, r.start) + replacement + text.slice(r.end);
      if (r.actualSha256 !== f.actualSha256 || r.recordedSha256 !== f.recordedSha256) result.changed.push(r.id);
    }
  }
  const present = new Set(old.regions.map((r) => r.id));
  for (const f of next.regions) {
    if (present.has(f.id)) continue;
    text = insertRegion(text, fresh, f, eol);
    result.inserted.push(f.id);
  }
  result.changed.sort();
  result.text = text;
  return result;
}

function withEol(s: string, eol: string): string {
  return eol === '\n' ? s : s.replace(/\r?\n/g, eol);
}

/** Insert `region` (from `fresh`) after the heading line that precedes it in `fresh`. */
function insertRegion(text: string, fresh: string, region: Region, eol: string): string {
  const block = withEol(fresh.slice(region.start, region.end), eol);
  const before = fresh.slice(0, region.start).split('\n');
  const heading = [...before].reverse().find((l) => /^#{1,6}\s/.test(l));
  if (heading) {
    const lines = text.split(eol);
    const idx = lines.findIndex((l) => l.trimEnd() === heading.trimEnd());
    if (idx >= 0) {
      lines.splice(idx + 1, 0, '', block);
      return lines.join(eol);
    }
  }
  const trimmed = text.replace(/(\r?\n)+$/, '');
  return `${trimmed}${eol}${eol}${block}${eol}`;
}

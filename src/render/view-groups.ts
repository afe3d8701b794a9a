import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ManifestEntry } from '../evidence/manifest.js';
import { linkUrl } from './escape.js';
import { bytes } from './format.js';
import type { EntryView } from './view-model.js';

/**
 * A large evidence set's manifest document lists folders instead of files, so it stays under the
 * community repo's 1024 KB limit while manifest.json (and manifest-sha256.txt) keep every entry.
 *
 * The list is grouped when it has more than GROUP_ABOVE_ENTRIES published entries, or when its
 * rows would take more than GROUP_ABOVE_BYTES (estimated from the text each row shows). A group
 * is the folder of each copy's path inside the evidence folder (`.` for files at its top); its
 * digest is the SHA-256 of the group's lines of manifest-sha256.txt (`<sha256>  <path>` and a
 * newline each, in that file's order, by path), so a reviewer recomputes it with
 * `grep -E '^[0-9a-f]{64}  <folder>/[^/]+$' manifest-sha256.txt | sha256sum`.
 */
export const GROUP_ABOVE_ENTRIES = 1000;
export const GROUP_ABOVE_BYTES = 512 * 1024;

export interface EntryGroupView {
  /** Folder relative to the evidence folder, POSIX (`.` for its top). */
  folder: string;
  /** Relative link from the documents' folder to the folder. */
  link: string;
  count: number;
  /** Entries of the group whose record did not parse. */
  invalid: number;
  bytes: number;
  size: string;
  /** The group's kinds, sorted, comma-separated. */
  kinds: string;
  sha256: string;
}

export interface EntryGroupsView {
  /** Published (inline) entries over all groups. */
  count: number;
  folders: EntryGroupView[];
}

/** The grouped list when the full one would be too large; undefined when every entry is listed. */
export function entryGroups(entries: readonly ManifestEntry[], views: readonly EntryView[], evidenceDir: string): EntryGroupsView | undefined {
  const inline = entries.filter((e) => e.storage === 'inline');
  if (inline.length <= GROUP_ABOVE_ENTRIES && views.reduce((n, v) => n + rowBytes(v), 0) <= GROUP_ABOVE_BYTES) return undefined;
  const byFolder = new Map<string, ManifestEntry[]>();
  for (const e of [...inline].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const folder = path.posix.dirname(e.path);
    let list = byFolder.get(folder);
    if (!list) byFolder.set(folder, (list = []));
    list.push(e);
  }
  const folders = [...byFolder]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([folder, list]): EntryGroupView => {
      const total = list.reduce((n, e) => n + e.bytes, 0);
      return {
        folder,
        link: linkUrl(folder === '.' ? evidenceDir : `${evidenceDir}/${folder}`),
        count: list.length,
        invalid: list.filter((e) => !e.valid).length,
        bytes: total,
        size: bytes(total),
        kinds: [...new Set(list.map((e) => e.kind))].sort().join(', '),
        sha256: groupDigest(list),
      };
    });
  return { count: inline.length, folders };
}

/** SHA-256 over the group's manifest-sha256.txt lines, sorted by path (see the module comment). */
export function groupDigest(list: readonly Pick<ManifestEntry, 'sha256' | 'path'>[]): string {
  const lines = list.map((e) => `${e.sha256}  ${e.path}\n`).sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : a.slice(66) > b.slice(66) ? 1 : 0));
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** About what one row of the full list takes: the text it shows and the table's punctuation. */
function rowBytes(v: EntryView): number {
  return Buffer.byteLength(`${v.id}${v.link ?? v.url ?? ''}${v.kind}${v.tool}${v.role}${v.size}${v.shortSha}${v.summaryText}`) + 40;
}

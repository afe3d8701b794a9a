import { readFileSync } from 'node:fs';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { packageVersion } from '../version.js';
import type { Config } from '../config.js';
import type { NormalizedRecord, Role } from '../records.js';
import { parseJson } from '../util/json.js';
import type { RfcEvidenceManifestJson } from '../schemas/types.generated.js';
import { writeContained } from './containment.js';

export const MANIFEST_FILE = 'manifest.json';
export const BAGIT_FILE = 'manifest-sha256.txt';
/** The community repo's pre-commit limit: larger artifacts are recorded, not copied. */
export const MAX_INLINE_BYTES = 1024 * 1024;

type EntryShape = RfcEvidenceManifestJson['entries'][number];

/**
 * One artifact of manifest.json, as schemas/manifest.schema.json describes it (the type is
 * generated from it), with what the schema leaves open narrowed to what collect writes: the
 * record is checked against its own kind's schema, the diagnostics are the reporter's.
 */
export type ManifestEntry = Omit<EntryShape, 'role' | 'diagnostics' | 'record'> & { role: Role; diagnostics?: Diagnostic[]; record?: NormalizedRecord };

export type Manifest = Omit<RfcEvidenceManifestJson, 'entries'> & { entries: ManifestEntry[] };

export function newManifest(config: Config, entries: ManifestEntry[]): Manifest {
  const { title, slug, project, author, date, version, paddleVersion } = config.rfc;
  return {
    schemaVersion: '1.0',
    generator: { name: 'rfc-evidence', version: packageVersion },
    rfc: { title, slug, project, author, date, version, ...(paddleVersion !== undefined ? { paddleVersion } : {}) },
    entries: [...entries].sort((a, b) => naturalCompare(a.id, b.id)),
  };
}

/** Stable JSON: two-space indent, one final newline, keys in insertion order (built deterministically). */
export function serializeManifest(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/** BagIt payload manifest: `<sha256>  <path>` for every copied (inline) file, sorted by path. */
export function serializeBagit(m: Manifest): string {
  // Sorted on the paths themselves: slicing them out of each line per comparison took 0.1 s for 10,000 entries.
  const lines = m.entries
    .filter((e) => e.storage === 'inline')
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((e) => `${e.sha256}  ${e.path}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Write manifest.json and the BagIt list into `dir`, contained in the project `root`. */
export function writeManifest(dir: string, m: Manifest, root: string): void {
  writeContained(root, path.join(dir, MANIFEST_FILE), serializeManifest(m));
  writeContained(root, path.join(dir, BAGIT_FILE), serializeBagit(m));
}

export type ManifestRead = { manifest: Manifest; file: string; text: string } | { diagnostics: Diagnostic[]; file: string };
/** A manifest as read, without its text (collect holds the previous one for a whole run). */
export type ManifestParsed = { manifest: Manifest; file: string } | { diagnostics: Diagnostic[]; file: string };

/** Read `<evidenceDir>/manifest.json`; schema validation is the caller's (check) business. */
export function readManifest(evidenceDir: string, shownAs: string): ManifestRead {
  const file = path.join(evidenceDir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { file, diagnostics: [error('manifest.missing', 'no manifest.json: run `rfc-evidence collect` first', { file: shownAs })] };
  }
  const parsed = parseJson(text, shownAs);
  if (!parsed.ok) return { file, diagnostics: [parsed.diagnostic] };
  return { file, text, manifest: parsed.value as Manifest };
}

/**
 * Order ids as a person reads them (`seqs4` before `seqs16`), without locale: runs of digits
 * compare by value, everything else by code unit.
 */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    if (nx && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
}

import path from 'node:path';
import type { Config } from '../config.js';
import type { Role } from '../records.js';
import { isInside } from '../util/fs.js';
import { BAGIT_FILE, MANIFEST_FILE } from './manifest.js';
import type { ScannedFile } from './scan.js';

/** Where render writes charts inside evidenceDir (render/assets.ts CHARTS_DIR): never a copy's folder. */
const CHARTS_DIR = 'charts';

/**
 * Where each published copy goes inside evidenceDir. An input inside the config folder keeps its
 * path there minus the folders every input of the config shares (`raw/bench/x.json` and
 * `raw/gpu/y.log` publish as `bench/x.json` and `gpu/y.log`), so the contributor's private
 * folder names reach neither the documents' links nor chart file names, and a `.gitignore` line
 * for the raw folder does not match the copies. An input outside the config folder goes to a
 * folder named by its role, by file name. The shared prefix comes from the config's `inputs`
 * (a path's folder, a glob's fixed leading folders), not from what a glob matched, so ids are the
 * same on every collect of the same config.
 */
export function publishLayout(config: Config): (file: ScannedFile, role: Role) => string {
  const prefix = sharedFolders(config);
  return (file, role) => {
    const roleFolder = role.replace(/\./g, '-');
    const source = portable(file.source);
    if (!file.inside) return `${roleFolder}/${source}`;
    const rel = source.split('/').slice(prefix.length).join('/');
    // The manifest files and the charts folder belong to collect and render.
    return rel === MANIFEST_FILE || rel === BAGIT_FILE || rel.split('/')[0] === CHARTS_DIR ? `${roleFolder}/${rel}` : rel;
  };
}

/**
 * A copy path every system can check out: a `\` (a folder separator on Windows, legal in a POSIX
 * file name) becomes `_`. Everything else, spaces, brackets and any Unicode included, is kept
 * (scan refuses control characters). Two names that meet after this get distinct copies from
 * collect's uniquePath.
 */
function portable(source: string): string {
  return source.replaceAll('\\', '_');
}

/** Folders (POSIX segments, relative to the config folder) that hold every input inside it. */
export function sharedFolders(config: Config): string[] {
  let shared: string[] | undefined;
  for (const spec of config.inputs) {
    const pattern = spec.path ?? spec.glob;
    if (pattern === undefined) continue;
    const abs = path.resolve(config.baseDir, pattern);
    if (!isInside(config.baseDir, abs)) continue;
    const segments = path.relative(config.baseDir, abs).split(path.sep).filter(Boolean);
    // A path's folder; a glob's folders before its first pattern segment (never its last segment).
    const fixed = spec.path !== undefined ? segments.slice(0, -1) : leadingFixed(segments.slice(0, -1));
    shared = shared === undefined ? fixed : commonPrefix(shared, fixed);
  }
  return shared ?? [];
}

function leadingFixed(segments: string[]): string[] {
  const i = segments.findIndex((s) => /[*?[\]{}()!]/.test(s));
  return i < 0 ? segments : segments.slice(0, i);
}

function commonPrefix(a: string[], b: string[]): string[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return a.slice(0, n);
}

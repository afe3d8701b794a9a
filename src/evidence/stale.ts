import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isInside } from '../util/fs.js';
import { removeLeftovers, removeOwnFile, rootOf } from './containment.js';
import { readManifest, type Manifest, type ManifestParsed } from './manifest.js';

/**
 * Remove what the previous collect wrote and the new one no longer has: copies listed by the
 * previous manifest (each only while its bytes still match the digest recorded there), and the
 * temporary files of a run that was killed. `previous` is the manifest as collect read it before
 * this run (read here when not given). A copy that was edited since, or whose entry points
 * outside evidenceDir, is left in place with a warning.
 */
export function removeStaleCopies(config: Config, next: Manifest, previous?: ManifestParsed): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = rootOf(config);
  const evidence = config.evidenceDirAbs;
  for (const dir of foldersOf(evidence)) removeLeftovers(root, dir, readdirSync(dir));
  const prev = previous ?? readManifest(evidence, 'manifest.json');
  if (!('manifest' in prev)) return out;
  const keep = new Set(next.entries.filter((e) => e.storage === 'inline').map((e) => e.path));
  for (const e of prev.manifest.entries ?? []) {
    if (e?.storage !== 'inline' || typeof e.path !== 'string' || keep.has(e.path) || typeof e.sha256 !== 'string') continue;
    const file = path.resolve(evidence, e.path);
    const shown = path.relative(config.baseDir, file).split(path.sep).join('/');
    if (!isInside(evidence, file) || file === evidence) {
      out.push(warning('collect.stale-outside', `previous manifest lists ${e.path}, outside evidenceDir: not removed`, { file: 'manifest.json' }));
      continue;
    }
    const outcome = removeOwnFile(root, file, e.sha256);
    if (outcome === 'changed' || outcome === 'not-a-file')
      out.push(warning('collect.stale-kept', `stale copy ${shown} ${outcome === 'changed' ? 'changed since collect wrote it' : 'is not a regular file'}: left in place`, { file: shown, hint: 'delete it yourself if it is no longer evidence' }));
  }
  return out;
}

/** `dir` and every folder below it, not through symbolic links. */
function foldersOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let items;
    try {
      items = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    out.push(d);
    for (const it of items) if (it.isDirectory()) walk(path.join(d, it.name));
  };
  walk(dir);
  return out;
}

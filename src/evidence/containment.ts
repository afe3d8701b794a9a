import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Config, InputSpec } from '../config.js';
import { error, UsageError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isInside, writeFileAtomic } from '../util/fs.js';

/**
 * Containment: every file rfc-evidence writes or deletes lies inside the project root (the git
 * work tree that holds the config, or the config's folder outside git), reached without passing
 * through a symbolic link; inputs outside the root are read only when the config says so. All
 * writes and deletes of collect, render and init go through this module.
 */

const roots = new Map<string, string>();

/** The project root of a config folder: the nearest enclosing git work tree, else the folder itself (real path). */
export function projectRoot(baseDir: string): string {
  const known = roots.get(baseDir);
  if (known !== undefined) return known;
  const real = realPath(baseDir);
  let root = real;
  for (let dir = real; ; dir = path.dirname(dir)) {
    if (lstatOrUndefined(path.join(dir, '.git'))) {
      root = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  roots.set(baseDir, root);
  return root;
}

/** The root of a loaded config. */
export function rootOf(config: Pick<Config, 'baseDir'>): string {
  return projectRoot(config.baseDir);
}

/**
 * Where `p` really is: the real path of its deepest existing ancestor joined with the rest, so a
 * folder that does not exist yet still resolves through the symlinks above it.
 */
export function realPath(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      // The native call: one realpath(3) instead of an lstat per path component in JavaScript (2-3x faster).
      return path.join(realpathSync.native(dir), ...rest.reverse());
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.push(path.basename(dir));
    }
  }
}

/**
 * The layout a config may ask for: evidenceDir and outDir inside the project root and not the
 * file system root; evidenceDir not the project root, not outDir or a folder above it, and not
 * overlapping an input folder (an input inside evidenceDir would be taken for one of our copies).
 */
export function layoutProblems(config: Config): Diagnostic[] {
  const root = rootOf(config);
  const file = path.basename(config.file);
  const out: Diagnostic[] = [];
  const evidence = realPath(config.evidenceDirAbs);
  const docs = realPath(config.outDirAbs);
  const where = (key: 'evidenceDir' | 'outDir', abs: string, value: string): boolean => {
    if (path.dirname(abs) === abs) out.push(error('config.layout', `${key} ${value} is the file system root`, { file, pointer: `/${key}` }));
    else if (!isInside(root, abs))
      out.push(error('config.layout', `${key} ${value} is outside the project root ${root}`, { file, pointer: `/${key}`, hint: 'rfc-evidence writes only inside the git work tree (or folder) that holds the config' }));
    else return true;
    return false;
  };
  if (where('evidenceDir', evidence, config.evidenceDir) && evidence === root)
    out.push(error('config.layout', `evidenceDir ${config.evidenceDir} is the project root: it would hold every input`, { file, pointer: '/evidenceDir', hint: 'use a folder of its own, e.g. rfcs/<Project>/evidence/<date>_<slug>' }));
  where('outDir', docs, config.outDir);
  if (isInside(evidence, docs))
    out.push(error('config.layout', `evidenceDir ${config.evidenceDir} ${evidence === docs ? 'is' : 'contains'} outDir ${config.outDir}`, { file, pointer: '/evidenceDir', hint: 'keep the evidence in a folder below the documents, never the other way round' }));
  for (const [i, spec] of config.inputs.entries()) {
    const base = inputFolder(config, spec);
    if (base === undefined) continue;
    const real = realPath(base);
    const key = spec.path !== undefined ? 'path' : 'glob';
    if (isInside(evidence, real)) {
      out.push(error('config.layout', `input ${spec.path ?? spec.glob} lies inside evidenceDir ${config.evidenceDir}, where collect keeps its copies`, { file, pointer: `/inputs/${i}/${key}`, hint: 'move the input, or choose another evidenceDir' }));
    } else if (spec.glob !== undefined && isInside(real, evidence) && real !== root && real !== realPath(config.baseDir)) {
      out.push(error('config.layout', `evidenceDir ${config.evidenceDir} lies inside the folder of input ${spec.glob}`, { file, pointer: `/inputs/${i}/glob`, hint: 'choose an evidenceDir outside the folders your inputs come from' }));
    }
  }
  return out;
}

/** Throw a usage error (exit 2) when the config's layout is not allowed. */
export function assertLayout(config: Config): void {
  const problems = layoutProblems(config);
  if (problems.length) throw new UsageError(problems.map((d) => d.message).join('; '), problems);
}

/** The folder an input names: a path's folder, or the part of a glob before its first pattern character. */
function inputFolder(config: Config, spec: InputSpec): string | undefined {
  if (spec.path !== undefined) return path.resolve(config.baseDir, spec.path);
  if (spec.glob === undefined) return undefined;
  const parts = spec.glob.split(/[\\/]/);
  const fixed: string[] = [];
  for (const p of parts) {
    if (/[*?[\]{}()!]/.test(p)) break;
    fixed.push(p);
  }
  if (fixed.length === parts.length) fixed.pop();
  return path.resolve(config.baseDir, fixed.join('/') || '.');
}

/**
 * Why an input may not be read, or undefined when it may: its real path must lie inside the
 * project root, unless the input says `allowOutside: true` (then the caller warns).
 */
export function outsideRoot(root: string, abs: string, real = realPath(abs)): string | undefined {
  if (isInside(root, real)) return undefined;
  return real === path.resolve(abs) ? `${abs} is outside the project root` : `${abs} is a symbolic link to ${real}, outside the project root`;
}

/**
 * Refuse a write or delete of `file` unless it lies inside `root` and no existing path component
 * from the root down to the file itself is a symbolic link (so nothing is written through one).
 * `verifiedDirs`, kept for one run by a caller writing many files, holds folders already walked:
 * for a file in one of them only the file itself is looked at (one lstat instead of one per
 * path component: collect of 10,000 files spent most of its time here).
 */
export function assertContained(root: string, file: string, what = 'write', verifiedDirs?: Set<string>): void {
  const abs = path.resolve(file);
  const fail = (message: string): never => {
    throw new UsageError(message, [error('containment.refused', message, { file: abs, hint: 'rfc-evidence writes only inside the project root and never through a symbolic link' })]);
  };
  const dir = path.dirname(abs);
  if (verifiedDirs?.has(dir)) {
    if (lstatOrUndefined(abs)?.isSymbolicLink()) fail(`refusing to ${what} ${abs}: ${abs} is a symbolic link`);
    return;
  }
  // Links on the way to the root (a /tmp -> /private/tmp, a link to the project) are fine; once
  // inside the root, no component may be a link.
  let cur = path.parse(abs).root;
  let inside = false;
  let dirSeen = false;
  for (const part of abs.slice(cur.length).split(path.sep).filter(Boolean)) {
    cur = path.join(cur, part);
    const st = lstatOrUndefined(cur);
    if (st === undefined) break;
    if (inside && st.isSymbolicLink()) fail(`refusing to ${what} ${abs}: ${cur} is a symbolic link`);
    if (!inside && isInside(root, realPath(cur))) inside = true;
    if (cur === dir) dirSeen = inside && st.isDirectory();
  }
  if (!isInside(root, realPath(abs))) fail(`refusing to ${what} ${abs}: outside the project root ${root}`);
  if (dirSeen) verifiedDirs?.add(dir);
}

/** Write `data` to `file` atomically, contained in `root`; unchanged content is not rewritten. */
export function writeContained(root: string, file: string, data: string | Buffer): boolean {
  assertContained(root, file);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const st = lstatOrUndefined(file);
  if (st?.isFile() && st.size === bytes.length && readFileSync(file).equals(bytes)) return false;
  writeFileAtomic(file, bytes);
  return true;
}

/** Create a folder (and its parents) inside `root`, never through a symbolic link. */
export function mkdirContained(root: string, dir: string): void {
  assertContained(root, dir, 'create');
  mkdirSync(dir, { recursive: true });
}

export type RemoveOutcome = 'removed' | 'missing' | 'changed' | 'not-a-file';

/**
 * Delete a file this tool wrote: only inside `root`, never through a link, and only while its
 * bytes still have the digest recorded when it was written (anything else is left in place).
 */
export function removeOwnFile(root: string, file: string, sha256: string): RemoveOutcome {
  assertContained(root, file, 'delete');
  const st = lstatOrUndefined(file);
  if (st === undefined) return 'missing';
  if (!st.isFile()) return 'not-a-file';
  if (createHash('sha256').update(readFileSync(file)).digest('hex') !== sha256) return 'changed';
  unlinkSync(file);
  return 'removed';
}

/** Temporary files our atomic writes use (`.<name>.<12 hex>.tmp`): what a killed run leaves. */
export const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Remove the temporary files a killed run left in `dir` (not below it, and never through a
 * link). Returns the files removed.
 */
export function removeLeftovers(root: string, dir: string, names: string[]): string[] {
  const removed: string[] = [];
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    const file = path.join(dir, name);
    const st = lstatOrUndefined(file);
    if (!st?.isFile()) continue;
    assertContained(root, file, 'delete');
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Whether `p` is a folder (following links: for reads). */
export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { codeDir, packageRoot } from '../paths.js';
import { isInside } from '../util/fs.js';
import { packageVersion } from '../version.js';
import { mkdirContained, realPath, rootOf, writeContained } from './containment.js';
import { CACHE_DIR } from './hash-cache.js';
import type { ManifestEntry, ManifestParsed } from './manifest.js';

/**
 * collect's re-run cache: for each input, the stat fingerprint (size, mtime, ctime, inode) it had
 * and the one its copy had when collect made its entry, so a re-run over unchanged evidence reads
 * neither and takes the entry from the previous manifest.json. An entry is reused only when
 *
 * - the input's fingerprint is exactly the stored one, and the copy (inline entries) is still a
 *   regular file, not a link, with exactly the stored fingerprint: any edit, replacement or touch
 *   of either changes one of them, and the file is read, parsed and copied again;
 * - manifest.json is the file collect wrote last (its own fingerprint is stored too: an edited
 *   manifest makes every input be read again);
 * - no fingerprint is "racy" (changed at or after the cache was written: an edit in the same
 *   clock tick as the hashing would keep its mtime), as git's index and check's hash cache do;
 * - the cache was written by the same code (package version plus the size and mtime of every
 *   module of the running build and of package.json, so a rebuild with other adapters or
 *   redaction rules, or other dependencies, redoes everything) for the same config (its folder,
 *   evidenceDir, redact and every input spec).
 *
 * One cache file per config (`.rfc-evidence-cache/collect-<hash of the config name>.json`, local
 * state that git ignores, like check's hash cache); it is neither read through a link out of the
 * project nor written outside it. A cache that cannot be read or written is ignored: collect
 * gives the same manifest without it, only slower.
 */

const FORMAT = 3;

/** size, mtimeMs, ctimeMs, ino: an array, as the cache holds one or two per input. */
type Fingerprint = [number, number, number, number];

interface Stored {
  source: Fingerprint;
  /** The copy's fingerprint, for inline entries. */
  copy?: Fingerprint;
  /** Where the layout put the copy before a clash with another copy's path was resolved. */
  layoutPath: string;
  /** The entry's path: the key of its entry in manifest.json. */
  path: string;
}

/** A previous entry with the path its copy was laid out at (its own path unless two copies met there). */
export interface CachedEntry {
  layoutPath: string;
  entry: Omit<ManifestEntry, 'id'>;
}

export class CollectCache {
  private readonly used = new Map<string, Stored>();
  private dirty = false;
  /** Entries reused in this run. */
  reused = 0;

  private constructor(
    /** Cache file, or undefined when caching is off (nothing read or saved). */
    private readonly file: string | undefined,
    private readonly root: string,
    /** The config folder: inputs inside it are keyed by their path below it (a shorter file). */
    private readonly baseDir: string,
    private readonly stamp: string,
    private readonly stored: Map<string, Stored>,
    /** Fingerprint of the manifest.json the stored entries are in. */
    private readonly manifest: Fingerprint | undefined,
    /** The previous manifest's entries by path (empty when it cannot be trusted). */
    private readonly previous: Map<string, ManifestEntry>,
    /** mtime of the cache file when loaded: fingerprints at or after it are racy. */
    private readonly writtenMs: number,
  ) {}

  /**
   * The cache of a config over the previous manifest (as read from `<evidenceDir>/manifest.json`),
   * or one that keeps nothing (`collect --no-cache`).
   */
  static open(config: Config, previous: ManifestParsed | undefined, enabled = true): CollectCache {
    const root = rootOf(config);
    if (!enabled) return new CollectCache(undefined, root, config.baseDir, '', new Map(), undefined, new Map(), Infinity);
    const stamp = stampOf(config);
    const empty = (file: string) => new CollectCache(file, root, config.baseDir, stamp, new Map(), undefined, new Map(), Infinity);
    const name = createHash('sha256').update(path.basename(config.file)).digest('hex').slice(0, 16);
    const file = path.join(config.baseDir, CACHE_DIR, `collect-${name}.json`);
    try {
      if (!isInside(root, realPath(file))) return empty(file);
      const writtenMs = statSync(file).mtimeMs;
      const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; stamp?: string; manifest?: Fingerprint; files?: Record<string, Stored> };
      if (data.format !== FORMAT || data.stamp !== stamp || typeof data.files !== 'object' || data.files === null || !data.manifest) return empty(file);
      const written = previous && 'manifest' in previous ? lstatSync(previous.file, { throwIfNoEntry: false }) : undefined;
      const entries = previous && 'manifest' in previous ? previous.manifest.entries : undefined;
      if (!written?.isFile() || !sameFingerprint(data.manifest, written, writtenMs) || !Array.isArray(entries)) return empty(file);
      return new CollectCache(file, root, config.baseDir, stamp, new Map(Object.entries(data.files)), data.manifest, new Map(entries.map((e) => [e.path, e])), writtenMs);
    } catch {
      return empty(file);
    }
  }

  /**
   * The previous entry of input `abs` when it and its copy are unchanged. `copyAbs` gives where
   * the copy of an inline entry lies (from the entry's path); it is looked at, never followed.
   */
  reuse(abs: string, source: Stats, copyAbs: (entry: { path: string }) => string): CachedEntry | undefined {
    const key = this.key(abs);
    const s = this.stored.get(key);
    // A damaged cache file gives a miss, never a crash.
    const previous = s && typeof s.path === 'string' && typeof s.layoutPath === 'string' ? this.previous.get(s.path) : undefined;
    if (!s || !previous || !sameFingerprint(s.source, source, this.writtenMs)) return undefined;
    if (previous.storage === 'inline') {
      const copy = lstatSync(copyAbs(previous), { throwIfNoEntry: false });
      if (!copy?.isFile() || !s.copy || !sameFingerprint(s.copy, copy, this.writtenMs)) return undefined;
    }
    this.used.set(key, s);
    this.reused++;
    const { id: _id, ...entry } = previous;
    return { layoutPath: s.layoutPath, entry };
  }

  /** Keep what collect made of input `abs` (its fingerprint taken before it was read) and of its copy. */
  remember(abs: string, source: Stats, { layoutPath, entry }: CachedEntry, copy: Stats | undefined): void {
    if (!this.file) return;
    if (entry.storage === 'inline' && !copy?.isFile()) return;
    this.used.set(this.key(abs), { source: fingerprint(source), ...(copy ? { copy: fingerprint(copy) } : {}), layoutPath, path: entry.path });
    this.dirty = true;
  }

  /**
   * Write the cache, with the fingerprint of the manifest.json just written, when anything
   * changed (inputs gone included); failures are ignored.
   */
  save(manifestFile: string): void {
    if (!this.file) return;
    try {
      const manifest = fingerprint(lstatSync(manifestFile));
      if (!this.dirty && this.used.size === this.stored.size && this.manifest && manifest.every((x, i) => x === this.manifest![i])) return;
      const dir = path.dirname(this.file);
      mkdirContained(this.root, dir);
      writeContained(this.root, path.join(dir, '.gitignore'), '*\n');
      const files = Object.fromEntries([...this.used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      writeContained(this.root, this.file, JSON.stringify({ format: FORMAT, stamp: this.stamp, manifest, files }) + '\n');
      this.dirty = false;
    } catch {
      // The cache is an optimisation: a collect must never fail because of it.
    }
  }

  private key(abs: string): string {
    return keyOf(this.baseDir, abs);
  }
}

/** Cheaper than path.relative, which resolves both paths: inputs are absolute and normalised already. */
function keyOf(baseDir: string, abs: string): string {
  return abs.startsWith(baseDir + path.sep) ? abs.slice(baseDir.length + 1) : abs;
}

function sameFingerprint(f: Fingerprint, st: Stats, writtenMs: number): boolean {
  return Array.isArray(f) && f[0] === st.size && f[1] === st.mtimeMs && f[2] === st.ctimeMs && f[3] === st.ino && st.mtimeMs < writtenMs && st.ctimeMs < writtenMs;
}

function fingerprint(st: Stats): Fingerprint {
  return [st.size, st.mtimeMs, st.ctimeMs, st.ino];
}

/** What every stored entry depends on besides its input's bytes: the code and the config. */
function stampOf(config: Config): string {
  const { baseDir, evidenceDirAbs, redact, inputs } = config;
  return createHash('sha256')
    .update(JSON.stringify({ version: packageVersion, code: codeStamp(), config: { file: config.file, baseDir, evidenceDirAbs, redact: redact ?? true, inputs } }))
    .digest('hex');
}

let code: string | undefined;

/**
 * Name, size and mtime of every module of the running build (dist/, the bundle, or src/ under
 * tsx), and of package.json (whose pins name the dependencies dist/ imports).
 */
function codeStamp(): string {
  if (code !== undefined) return code;
  const h = createHash('sha256');
  const pkg = statSync(path.join(packageRoot, 'package.json'));
  h.update(`package.json\0${pkg.size}\0${pkg.mtimeMs}\n`);
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(?:[cm]?js|ts|json)$/.test(e.name)) {
        const st = statSync(p);
        h.update(`${path.relative(codeDir, p)}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(codeDir);
  return (code = h.digest('hex'));
}

import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isInside } from '../util/fs.js';
import { mkdirContained, projectRoot, realPath, writeContained } from './containment.js';
import { sha256File } from './hash.js';

/**
 * A local cache of file digests so `check` of an unchanged evidence tree does not re-read it.
 *
 * An entry is trusted only while the file's size, mtime, ctime and inode are exactly what they
 * were when it was hashed; any change re-hashes. Like git's index, an entry whose mtime is not
 * older than the cache file itself is "racy" (the file may have changed within the same clock
 * tick after hashing) and is re-hashed too. Content-derived facts (e.g. a secrets scan) are kept
 * with the entry and dropped with it.
 *
 * The cache lives in `.rfc-evidence-cache/hashes.json` next to the config. It is local state,
 * never committed: the folder carries its own `.gitignore`. A cache that cannot be read or written
 * is ignored (check works the same without it, only slower); so is one reached through a
 * symbolic link out of the project root, and it is never written through a link or outside
 * the root (the containment module refuses, the save gives up).
 */

export const CACHE_DIR = '.rfc-evidence-cache';
const CACHE_FILE = 'hashes.json';
const FORMAT = 1;
/** Files up to this size are read in one call; larger ones are streamed. */
const READ_WHOLE_BYTES = 8 * 1024 * 1024;

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
  facts?: Record<string, unknown>;
}

export interface FileDigest {
  sha256: string;
  size: number;
}

export class HashCache {
  private entries: Map<string, Entry>;
  /** Keys looked up in this run: only these are saved, so deleted files drop out. */
  private readonly used = new Set<string>();
  /** Keys hashed in this run: not racy for this run (the next run judges them by the saved file's time). */
  private readonly hashedNow = new Set<string>();
  private dirty = false;

  private constructor(
    /** Cache file, or undefined for an in-memory cache (nothing persisted). */
    readonly file: string | undefined,
    /** Project root the cache file must stay in (reads and writes). */
    private readonly root: string | undefined,
    entries: Map<string, Entry>,
    /** mtime of the cache file when loaded: entries at or after it are racy. */
    private readonly writtenMs: number,
  ) {
    this.entries = entries;
  }

  /** The cache for a config folder (`<baseDir>/.rfc-evidence-cache/hashes.json`). */
  static forConfigDir(baseDir: string): HashCache {
    return HashCache.open(path.join(baseDir, CACHE_DIR, CACHE_FILE), projectRoot(baseDir));
  }

  /** A cache that keeps nothing between runs (`check --no-cache`). */
  static memory(): HashCache {
    return new HashCache(undefined, undefined, new Map(), -Infinity);
  }

  static open(file: string, root: string): HashCache {
    try {
      if (!isInside(root, realPath(file))) return new HashCache(file, root, new Map(), -Infinity);
      const writtenMs = statSync(file).mtimeMs;
      const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; files?: Record<string, Entry> };
      if (data.format !== FORMAT || typeof data.files !== 'object' || data.files === null) return new HashCache(file, root, new Map(), -Infinity);
      return new HashCache(file, root, new Map(Object.entries(data.files)), writtenMs);
    } catch {
      return new HashCache(file, root, new Map(), -Infinity);
    }
  }

  /** Size and SHA-256 of a file, from the cache when the file is unchanged. Throws like fs.stat when it is missing. `st`: its stat, when the caller just took it. */
  async digest(abs: string, st: Stats = statSync(abs)): Promise<FileDigest> {
    const hit = this.valid(abs, st);
    if (hit) return { sha256: hit.sha256, size: hit.size };
    const sha256 = st.size <= READ_WHOLE_BYTES ? createHash('sha256').update(readFileSync(abs)).digest('hex') : await sha256File(abs);
    this.store(abs, st, sha256);
    return { sha256, size: st.size };
  }

  /**
   * A fact computed from the file's content (`name` should carry a version, e.g. `secrets/1`),
   * cached until the file changes. Hashes the file too, so the digest is cached on the way.
   */
  async fact<T>(abs: string, name: string, compute: (content: Buffer) => T): Promise<T> {
    const st = statSync(abs);
    let entry = this.valid(abs, st);
    if (entry?.facts && name in entry.facts) return entry.facts[name] as T;
    const content = readFileSync(abs);
    entry ??= this.store(abs, st, createHash('sha256').update(content).digest('hex'));
    const value = compute(content);
    entry.facts = { ...entry.facts, [name]: value };
    this.dirty = true;
    return value;
  }

  /**
   * Write the cache if anything changed; failures (read-only checkout) are ignored. `prune`
   * (default) drops the entries this run did not look up; a run that looked at part of the files
   * (check reusing rule results) keeps them all.
   */
  save(options: { prune?: boolean } = {}): void {
    const prune = options.prune ?? true;
    if (!this.file || !this.root || (!this.dirty && (!prune || this.used.size === this.entries.size))) return;
    try {
      const dir = path.dirname(this.file);
      mkdirContained(this.root, dir);
      // Keep the cache out of every repository without asking the user to edit their .gitignore.
      writeContained(this.root, path.join(dir, '.gitignore'), '*\n');
      const files = Object.fromEntries([...this.entries].filter(([k]) => !prune || this.used.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      writeContained(this.root, this.file, JSON.stringify({ format: FORMAT, files }) + '\n');
      this.dirty = false;
    } catch {
      // The cache is an optimisation: a check must never fail because of it.
    }
  }

  private key(abs: string): string {
    if (!this.file) return abs;
    // The usual case, a file below the cache's folder's parent, without path.relative's cost (10,000 keys a check).
    const base = path.dirname(path.dirname(this.file)) + path.sep;
    if (abs.startsWith(base) && !abs.includes(`${path.sep}..`) && !abs.includes(`${path.sep}.${path.sep}`)) return '../' + abs.slice(base.length).split(path.sep).join('/');
    return path.relative(path.dirname(this.file), abs).split(path.sep).join('/');
  }

  private valid(abs: string, st: Stats): Entry | undefined {
    const key = this.key(abs);
    this.used.add(key);
    const e = this.entries.get(key);
    if (!e || e.size !== st.size || e.mtimeMs !== st.mtimeMs || e.ctimeMs !== st.ctimeMs || e.ino !== st.ino) return undefined;
    if ((st.mtimeMs >= this.writtenMs || st.ctimeMs >= this.writtenMs) && !this.hashedNow.has(key)) return undefined;
    return e;
  }

  private store(abs: string, st: Stats, sha256: string): Entry {
    const entry: Entry = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha256 };
    const key = this.key(abs);
    this.entries.set(key, entry);
    this.hashedNow.add(key);
    this.dirty = true;
    return entry;
  }
}

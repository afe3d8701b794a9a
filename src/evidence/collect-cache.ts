import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { codeDir } from '../paths.js';
import { isInside } from '../util/fs.js';
import { packageVersion } from '../version.js';
import { mkdirContained, realPath, rootOf, writeContained } from './containment.js';
import { CACHE_DIR } from './hash-cache.js';
import type { ManifestEntry } from './manifest.js';

/**
 * collect's re-run cache: the manifest entry each input gave, kept with the stat fingerprint
 * (size, mtime, ctime, inode) of the input and of the copy collect left for it, so a re-run over
 * unchanged evidence reads neither. An entry is reused only when
 *
 * - the input's fingerprint is exactly the stored one, and the copy (inline entries) is still a
 *   regular file, not a link, with exactly the stored fingerprint: any edit, replacement or touch
 *   of either changes one of them, and the file is read, parsed and copied again;
 * - neither fingerprint is "racy" (changed at or after the cache was written: an edit in the same
 *   clock tick as the hashing would keep its mtime), as git's index and check's hash cache do;
 * - the cache was written by the same code (package version plus the size and mtime of every
 *   module of the running build, so a rebuild with other adapters or redaction rules redoes
 *   everything) for the same config (its folder, evidenceDir, redact and every input spec).
 *
 * One cache file per config (`.rfc-evidence-cache/collect-<hash of the config name>.json`, local
 * state that git ignores, like check's hash cache); it is neither read through a link out of the
 * project nor written outside it. A cache that cannot be read or written is ignored: collect
 * gives the same manifest without it, only slower.
 */

const FORMAT = 1;

interface Fingerprint {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

interface Stored {
  source: Fingerprint;
  /** The copy's fingerprint, for inline entries. */
  copy?: Fingerprint;
  /** Where the layout put the copy before a clash with another copy's path was resolved. */
  layoutPath: string;
  /** The entry as collect made it, without its id (ids depend on every entry of the run). */
  entry: Omit<ManifestEntry, 'id'>;
}

/** A stored entry with the path its copy was laid out at (its own path unless two copies met there). */
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
    private readonly stamp: string,
    private readonly stored: Map<string, Stored>,
    /** mtime of the cache file when loaded: fingerprints at or after it are racy. */
    private readonly writtenMs: number,
  ) {}

  /** The cache of a config, or one that keeps nothing (`collect --no-cache`, dry runs write none). */
  static open(config: Config, enabled = true): CollectCache {
    const root = rootOf(config);
    const stamp = stampOf(config);
    if (!enabled) return new CollectCache(undefined, root, stamp, new Map(), Infinity);
    const name = createHash('sha256').update(path.basename(config.file)).digest('hex').slice(0, 16);
    const file = path.join(config.baseDir, CACHE_DIR, `collect-${name}.json`);
    try {
      if (!isInside(root, realPath(file))) return new CollectCache(file, root, stamp, new Map(), Infinity);
      const writtenMs = statSync(file).mtimeMs;
      const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; stamp?: string; files?: Record<string, Stored> };
      if (data.format !== FORMAT || data.stamp !== stamp || typeof data.files !== 'object' || data.files === null) return new CollectCache(file, root, stamp, new Map(), Infinity);
      return new CollectCache(file, root, stamp, new Map(Object.entries(data.files)), writtenMs);
    } catch {
      return new CollectCache(file, root, stamp, new Map(), Infinity);
    }
  }

  /**
   * The stored entry of input `abs` when it and its copy are unchanged. `copyAbs` gives where the
   * copy of an inline entry lies (from the entry's path); it is looked at, never followed.
   */
  reuse(abs: string, source: Stats, copyAbs: (entry: Omit<ManifestEntry, 'id'>) => string): CachedEntry | undefined {
    const s = this.stored.get(abs);
    if (!s || !this.trusted(s.source, source)) return undefined;
    if (s.entry.storage === 'inline') {
      let copy: Stats;
      try {
        copy = lstatSync(copyAbs(s.entry));
      } catch {
        return undefined;
      }
      if (!copy.isFile() || !s.copy || !this.trusted(s.copy, copy)) return undefined;
    }
    this.used.set(abs, s);
    this.reused++;
    return s;
  }

  /** Keep what collect made of input `abs` (its fingerprint taken before it was read) and of its copy. */
  remember(abs: string, source: Stats, { layoutPath, entry }: CachedEntry, copy: Stats | undefined): void {
    if (!this.file) return;
    if (entry.storage === 'inline' && !copy?.isFile()) return;
    this.used.set(abs, { source: fingerprint(source), ...(copy ? { copy: fingerprint(copy) } : {}), layoutPath, entry });
    this.dirty = true;
  }

  /** Write the cache when anything changed (inputs gone included); failures are ignored. */
  save(): void {
    if (!this.file || (!this.dirty && this.used.size === this.stored.size)) return;
    try {
      const dir = path.dirname(this.file);
      mkdirContained(this.root, dir);
      writeContained(this.root, path.join(dir, '.gitignore'), '*\n');
      const files = Object.fromEntries([...this.used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      writeContained(this.root, this.file, JSON.stringify({ format: FORMAT, stamp: this.stamp, files }) + '\n');
      this.dirty = false;
    } catch {
      // The cache is an optimisation: a collect must never fail because of it.
    }
  }

  private trusted(f: Fingerprint, st: Stats): boolean {
    return f.size === st.size && f.mtimeMs === st.mtimeMs && f.ctimeMs === st.ctimeMs && f.ino === st.ino && st.mtimeMs < this.writtenMs && st.ctimeMs < this.writtenMs;
  }
}

function fingerprint(st: Stats): Fingerprint {
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

/** What every stored entry depends on besides its input's bytes: the code and the config. */
function stampOf(config: Config): string {
  const { baseDir, evidenceDirAbs, redact, inputs } = config;
  return createHash('sha256')
    .update(JSON.stringify({ version: packageVersion, code: codeStamp(), config: { file: config.file, baseDir, evidenceDirAbs, redact: redact ?? true, inputs } }))
    .digest('hex');
}

let code: string | undefined;

/** Name, size and mtime of every module of the running build (dist/, the bundle, or src/ under tsx). */
function codeStamp(): string {
  if (code !== undefined) return code;
  const h = createHash('sha256');
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

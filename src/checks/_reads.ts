import { createHash } from 'node:crypto';
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import type { FileDigest, HashCache } from '../evidence/hash-cache.js';

/**
 * What a rule read, so its findings can be reused while none of it changed. A rule reads files
 * through the check context (manifest, documents, copies' digests and facts) and the helpers of
 * this folder, which record each path with the kind of read:
 *
 * - `content`: the bytes (fingerprint: the SHA-256, from the hash cache while size, mtime,
 *   ctime and inode are unchanged; `-` when missing, `dir` for a folder);
 * - `exists`: only whether it exists and as what (`-`, `file`, `dir`, `other`);
 * - `listing`: a folder's names and their types (`-` when missing);
 * - `stat`: size, mtime, ctime and inode only, never the bytes: for files outside the project that
 *   a rule's tool reads (git's own config and index), which this tool does not open.
 *
 * Fingerprints are taken when the rule reads, once per path and kind in a run.
 */
export type ReadKind = 'content' | 'exists' | 'listing' | 'stat';

export const READ_KINDS: readonly ReadKind[] = ['content', 'exists', 'listing', 'stat'];

/** Takes and memoises fingerprints for one check run. */
export class Fingerprints {
  private readonly memo = new Map<string, string>();
  /** One stat per path and run, whatever kinds of read it serves. */
  private readonly stats = new Map<string, Stats | null>();

  /** `hashes` opens the hash cache on first use: a check whose results are all reused never needs it. */
  constructor(private readonly hashes: () => Pick<HashCache, 'digest'>) {}

  /** The file's stat in this run (null when missing), taken once. */
  stat(abs: string): Stats | null {
    let st = this.stats.get(abs);
    if (st === undefined) {
      st = statSync(abs, { throwIfNoEntry: false }) ?? null;
      this.stats.set(abs, st);
    }
    return st;
  }

  /** The fingerprint of one read, memoised for the run (every rule sees the file as the first one did). */
  async of(kind: ReadKind, abs: string): Promise<string> {
    const key = `${kind}\0${abs}`;
    let fp = this.memo.get(key) ?? this.ofSync(kind, abs);
    if (fp === undefined) {
      try {
        fp = (await this.hashes().digest(abs, this.stat(abs)!)).sha256;
      } catch {
        fp = '-';
      }
      this.memo.set(key, fp);
    }
    return fp;
  }

  /**
   * Size and digest of a file, hashed under the stat this run first took of it; the first digest
   * of the run is also its content fingerprint, so the rule and the results cache look at the
   * file once. Throws like fs.stat when it is missing.
   */
  async digest(abs: string): Promise<FileDigest> {
    const st = this.stat(abs);
    if (st === null) throw Object.assign(new Error(`ENOENT: no such file or directory, stat '${abs}'`), { code: 'ENOENT' });
    const d = await this.hashes().digest(abs, st);
    const key = `content\0${abs}`;
    if (!this.memo.has(key)) this.memo.set(key, d.sha256);
    return d;
  }

  /** The fingerprint when it needs no digest (every kind but an existing file's content); undefined otherwise. */
  ofSync(kind: ReadKind, abs: string): string | undefined {
    if (kind === 'listing') return listing(abs);
    const st = this.stat(abs);
    if (st === null) return '-';
    if (kind === 'stat') return `${st.isFile() ? 'f' : st.isDirectory() ? 'd' : 'o'}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
    if (kind === 'exists') return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
    if (!st.isFile()) return st.isDirectory() ? 'dir' : 'other';
    return undefined;
  }
}

function listing(dir: string): string {
  let items: Dirent[];
  try {
    items = readdirSync(dir, { withFileTypes: true });
  } catch {
    return '-';
  }
  const lines = items.map((d) => `${d.name}\0${d.isFile() ? 'f' : d.isDirectory() ? 'd' : 'o'}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The reads of one rule run: path and kind, with the fingerprint seen. */
export class Reads {
  readonly seen = new Map<string, { kind: ReadKind; abs: string; fp: Promise<string> }>();

  constructor(private readonly fingerprints: Fingerprints) {}

  /** A file's size and digest for the rule, recorded as a content read (the file is hashed once for both). */
  async digest(abs: string): Promise<FileDigest> {
    try {
      const d = await this.fingerprints.digest(abs);
      this.add('content', abs);
      return d;
    } catch (e) {
      this.add('content', abs);
      throw e;
    }
  }

  add(kind: ReadKind, abs: string): void {
    const key = `${kind}\0${abs}`;
    if (!this.seen.has(key)) this.seen.set(key, { kind, abs, fp: this.fingerprints.of(kind, abs) });
  }

  /** The reads, sorted, with their fingerprints. */
  async list(): Promise<{ kind: ReadKind; abs: string; fp: string }[]> {
    const out = await Promise.all([...this.seen.values()].map(async (r) => ({ kind: r.kind, abs: r.abs, fp: await r.fp })));
    return out.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }
}

/** Record a read of the rule that is running (nothing to do when results are not cached). */
export function track(ctx: { reads?: Reads }, kind: ReadKind, abs: string): void {
  ctx.reads?.add(kind, abs);
}

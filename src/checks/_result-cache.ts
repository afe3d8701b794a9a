import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { mkdirContained, projectRoot, realPath, writeContained } from '../evidence/containment.js';
import { CACHE_DIR } from '../evidence/hash-cache.js';
import type { Profile } from '../profile.js';
import { documentSetFor } from '../render/document-sets.js';
import { isInside } from '../util/fs.js';
import { packageVersion } from '../version.js';
import { READ_KINDS, type Fingerprints, type ReadKind } from './_reads.js';

/**
 * Findings of each rule from the last check, kept with what the rule read (see `_reads.ts`), so a
 * check of unchanged evidence runs no rule at all and a change re-runs only the rules that read
 * what changed. `.rfc-evidence-cache/check-results.json` beside the config, next to the hash
 * cache whose digests it relies on.
 *
 * The whole file belongs to one key: the tool (version and this build), the working directory
 * (findings name paths relative to it), the loaded config, the profile, the document set and the
 * environment git reads; another key starts afresh. A file that cannot be read, is not ours, or
 * lies outside the project root is ignored; it is written atomically and never through a link.
 */

const FILE = 'check-results.json';
const FORMAT = 1;

interface StoredRule {
  /** Its reads, as indexes into the columns of `Stored`. */
  reads: number[];
  diagnostics: Diagnostic[];
}

/**
 * Every read of the stored rules, as columns (flat arrays parse fast): read i is of `files[i]`
 * (relative to the config folder when below it), kind `READ_KINDS[kinds[i]]`, fingerprint
 * `fps[i]`, and for a `content` read of a file its size, mtime, ctime and inode when
 * fingerprinted at `stats[4i..4i+3]` (size -1: none). While those are unchanged (and older than
 * the results file, as in the hash cache) the fingerprint stands without opening the hash cache;
 * otherwise it is taken again, so a touched but unchanged file still counts as unchanged.
 */
interface Stored {
  format: number;
  key: string;
  files: string[];
  kinds: number[];
  fps: string[];
  stats: number[];
  rules: Record<string, StoredRule>;
}

export interface RuleRead {
  kind: ReadKind;
  abs: string;
  fp: string;
}

export class ResultCache {
  private readonly fresh = new Map<string, { reads: RuleRead[]; diagnostics: Diagnostic[] }>();
  /** Whether each stored read is current, decided once per run: 0 not yet, 1 yes, 2 no. */
  private readonly current: Uint8Array;
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly root: string,
    private readonly key: string,
    private readonly stored: Stored | undefined,
    /** mtime of the results file when loaded: stats at or after it are racy. */
    private readonly writtenMs: number,
  ) {
    this.base = path.dirname(path.dirname(file)) + path.sep;
    this.current = new Uint8Array(stored?.files.length ?? 0);
  }

  /** Paths below the config folder are stored relative to it (most of them: a third of the file's size). */
  private readonly base: string;

  private short(abs: string): string {
    return abs.startsWith(this.base) ? abs.slice(this.base.length) : abs;
  }

  private long(file: string): string {
    return path.isAbsolute(file) ? file : this.base + file;
  }

  static open(config: Config, cwd: string, profile: Profile | undefined): ResultCache {
    const file = path.join(config.baseDir, CACHE_DIR, FILE);
    const root = projectRoot(config.baseDir);
    const key = cacheKey(config, cwd, profile);
    try {
      if (isInside(root, realPath(file))) {
        const writtenMs = statSync(file).mtimeMs;
        const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored>;
        if (data.format === FORMAT && data.key === key && [data.files, data.kinds, data.fps, data.stats].every(Array.isArray) && typeof data.rules === 'object' && data.rules !== null) return new ResultCache(file, root, key, data as Stored, writtenMs);
      }
    } catch {
      // Missing, unreadable or not ours: start afresh.
    }
    return new ResultCache(file, root, key, undefined, -Infinity);
  }

  /** The rule's findings from the last run when everything it read is unchanged; undefined otherwise. */
  async lookup(ruleId: string, fingerprints: Fingerprints): Promise<Diagnostic[] | undefined> {
    const s = this.stored;
    const r = s && Object.hasOwn(s.rules, ruleId) ? s.rules[ruleId] : undefined;
    if (!s || !r || !Array.isArray(r.reads) || !Array.isArray(r.diagnostics)) return undefined;
    // Reads whose stat is unchanged are decided here; the others take a fingerprint (async) after.
    const later: number[] = [];
    for (const i of r.reads) {
      const known = this.current[i];
      const ok = known === 1 ? true : known === 2 ? false : this.byStat(s, i, fingerprints);
      if (ok === false) return undefined;
      if (ok === undefined) later.push(i);
    }
    for (const i of later) if (!(await this.isCurrent(s, i, fingerprints))) return undefined;
    this.fresh.set(ruleId, { reads: r.reads.map((i) => ({ abs: this.long(s.files[i]!), kind: READ_KINDS[s.kinds[i]!]!, fp: s.fps[i]! })), diagnostics: r.diagnostics });
    return r.diagnostics;
  }

  /** Whether read i is unchanged when that shows without a digest (its stat is as stored and not racy, or it is not a file's content); undefined: take its fingerprint. */
  private byStat(s: Stored, i: number, fingerprints: Fingerprints): boolean | undefined {
    const file = s.files[i];
    const kind = READ_KINDS[s.kinds[i]!];
    const fp = s.fps[i];
    if (typeof file !== 'string' || typeof fp !== 'string' || kind === undefined) {
      this.current[i] = 2;
      return false;
    }
    const size = s.stats[4 * i];
    if (kind !== 'content' || size === undefined || size < 0) {
      // Existence, listings and missing files are decided without a digest.
      const now = fingerprints.ofSync(kind, this.long(file));
      if (now === undefined) return undefined;
      this.current[i] = now === fp ? 1 : 2;
      return now === fp;
    }
    const [mtimeMs, ctimeMs, ino] = [s.stats[4 * i + 1]!, s.stats[4 * i + 2]!, s.stats[4 * i + 3]!];
    const abs = this.long(file);
    const st = fingerprints.stat(abs);
    if (!st || st.size !== size || st.mtimeMs !== mtimeMs || st.ctimeMs !== ctimeMs || st.ino !== ino || mtimeMs >= this.writtenMs || ctimeMs >= this.writtenMs) return undefined;
    this.current[i] = 1;
    return true;
  }

  private async isCurrent(s: Stored, i: number, fingerprints: Fingerprints): Promise<boolean> {
    if (this.current[i] !== 0) return this.current[i] === 1;
    const kind = READ_KINDS[s.kinds[i]!]!;
    const abs = this.long(s.files[i]!);
    const ok = (await fingerprints.of(kind, abs)) === s.fps[i];
    // Unchanged content under a new stat: keep the new stat so the next check trusts it again.
    if (ok && kind === 'content' && fingerprints.stat(abs) !== null) this.dirty = true;
    this.current[i] = ok ? 1 : 2;
    return ok;
  }

  /** Keep a rule's findings of this run with what it read. */
  store(ruleId: string, reads: RuleRead[], diagnostics: Diagnostic[]): void {
    this.fresh.set(ruleId, { reads, diagnostics });
    this.dirty = true;
  }

  /** Write the results of this run (the rules it ran or reused) when anything changed; failures are ignored. */
  save(fingerprints: Fingerprints): void {
    if (!this.dirty && this.stored && Object.keys(this.stored.rules).length === this.fresh.size) return;
    const columns: Omit<Stored, 'format' | 'key' | 'rules'> = { files: [], kinds: [], fps: [], stats: [] };
    const index = new Map<string, number>();
    const rules: Record<string, StoredRule> = {};
    for (const [id, { reads: list, diagnostics }] of [...this.fresh].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const at: number[] = [];
      for (const r of list) {
        const k = `${r.kind}\0${r.abs}`;
        let i = index.get(k);
        if (i === undefined) {
          const st = r.kind === 'content' && r.fp !== '-' ? fingerprints.stat(r.abs) : null;
          index.set(k, (i = columns.files.push(this.short(r.abs)) - 1));
          columns.kinds.push(READ_KINDS.indexOf(r.kind));
          columns.fps.push(r.fp);
          columns.stats.push(...(st ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : [-1, 0, 0, 0]));
        }
        at.push(i);
      }
      rules[id] = { reads: at, diagnostics };
    }
    const text = JSON.stringify({ format: FORMAT, key: this.key, ...columns, rules } satisfies Stored) + '\n';
    try {
      mkdirContained(this.root, path.dirname(this.file));
      writeContained(this.root, path.join(path.dirname(this.file), '.gitignore'), '*\n');
      writeContained(this.root, this.file, text);
    } catch {
      // The cache is an optimisation: a check must never fail because of it.
    }
  }
}

/** This build of the tool: its version, and the size and time of this module's file (a rebuild or an edit starts afresh). */
function toolStamp(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${packageVersion}:${st.size}:${st.mtimeMs}`;
  } catch {
    return packageVersion;
  }
}

/** Environment that changes what git (the git-ignored rule) answers. */
const GIT_ENV = ['HOME', 'XDG_CONFIG_HOME', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_COUNT', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM'];

/** The document set in force: a user's set file is read here, so an edit to it starts afresh. */
function documentSet(config: Config): unknown {
  try {
    return documentSetFor(config);
  } catch (e) {
    return String(e);
  }
}

function cacheKey(config: Config, cwd: string, profile: Profile | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: FORMAT, tool: toolStamp(), cwd, config, profile: profile ?? null, documents: documentSet(config), git: GIT_ENV.map((k) => process.env[k] ?? null) }))
    .digest('hex');
}

import { closeSync, lstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { kinds } from '../kinds/registry.js';
import type { NormalizedRecord, Role } from '../records.js';
import { validate } from '../schemas/validate.js';
import { writeFileAtomic } from '../util/fs.js';
import { artifactFromContent, readFileContent, type ReadBuffer } from './artifact.js';
import { sha256File, sha256Text } from './hash.js';
import { MANIFEST_FILE, MAX_INLINE_BYTES, newManifest, readManifest, writeManifest, type Manifest, type ManifestEntry, type ManifestParsed } from './manifest.js';
import { mediaTypeOf } from './media-type.js';
import { publishLayout } from './layout.js';
import { publishBytes } from './publish.js';
import { parseArtifact } from './parse-file.js';
import { scanInputs, type ScannedFile } from './scan.js';
import { baseId, entryIds } from './entry-id.js';
import { assertContained, rootOf } from './containment.js';
import { CollectCache } from './collect-cache.js';
import { redactString, redactValue } from './redact.js';
import { removeStaleCopies } from './stale.js';

export interface CollectResult {
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** How many entries came from the re-run cache (input and copy unchanged), not from reading the input. */
  reused: number;
}

export interface CollectOptions {
  /** Called once per file with "i/n path"; the CLI shows it on a TTY only. */
  progress?: (message: string) => void;
  /** Parse and hash but write nothing. */
  dryRun?: boolean;
  /** Reuse the entries of unchanged inputs with unchanged copies (collect-cache.ts); default true. */
  cache?: boolean;
}

/**
 * collect: scan inputs, parse each into its record, hash, copy (redacted) into evidenceDir,
 * and write manifest.json + manifest-sha256.txt. Copies that a previous collect made and that
 * are no longer inputs are removed; nothing else in evidenceDir is touched.
 */
export async function collect(config: Config, options: CollectOptions = {}): Promise<CollectResult> {
  const { files, diagnostics } = await scanInputs(config);
  const kindDefs = await kinds();
  const takenPaths = new Set<string>();
  const layout = publishLayout(config);
  const entries: ManifestEntry[] = [];
  // Folders of evidenceDir this run has seen to be real folders inside the root (see assertContained).
  const write = { dryRun: options.dryRun ?? false, verifiedDirs: new Set<string>() };
  // Read once: the cache takes unchanged entries from it, stale-copy removal compares with it.
  const previous = options.cache === false && options.dryRun ? undefined : previousManifest(config);
  const cache = CollectCache.open(config, previous, options.cache ?? true);
  const run: Run = { config, layout, takenPaths, kindDefs, write };
  for (const [i, file] of files.entries()) {
    options.progress?.(`${i + 1}/${files.length} ${file.source}`);
    const entry = await collectCached(run, file, cache);
    diagnostics.push(...(entry.diagnostics ?? []));
    entries.push(entry);
  }
  // Ids depend on every copy path (x.csv next to x.json keep their extensions): set them last.
  entryIds(entries.map((e) => e.path)).forEach((id, i) => (entries[i]!.id = id));
  const manifest = newManifest(config, entries);
  const problems = validate('manifest.schema.json', manifest, 'manifest.json', 'manifest.schema');
  if (problems.length) throw new Error(`internal error: generated manifest breaks its schema: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
  if (!options.dryRun) {
    diagnostics.push(...removeStaleCopies(config, manifest, previous));
    writeManifest(config.evidenceDirAbs, manifest, rootOf(config));
    // After the manifest, whose fingerprint it keeps: a run stopped before leaves the previous cache and manifest, which agree.
    cache.save(path.join(config.evidenceDirAbs, MANIFEST_FILE));
  }
  return { manifest, diagnostics, reused: cache.reused };
}

/** The manifest.json collect left last time, parsed, without its text (30 MB for 50,000 entries, not needed past parsing). */
function previousManifest(config: Config): ManifestParsed {
  const read = readManifest(config.evidenceDirAbs, MANIFEST_FILE);
  return 'manifest' in read ? { manifest: read.manifest, file: read.file } : read;
}

/**
 * An input's entry: the cached one when the input and its copy are unchanged since a previous
 * collect made it (and its copy path is still its own), else collectOne's, then cached.
 */
/** What every input of one collect run shares. */
interface Run {
  config: Config;
  layout: ReturnType<typeof publishLayout>;
  /** Copy paths given out so far. */
  takenPaths: Set<string>;
  kindDefs: Awaited<ReturnType<typeof kinds>>;
  /** Nothing is written on a dry run; folders of evidenceDir already verified (see assertContained). */
  write: { dryRun: boolean; verifiedDirs: Set<string> };
}

async function collectCached(run: Run, file: ScannedFile, cache: CollectCache): Promise<ManifestEntry> {
  const { config, takenPaths, write } = run;
  // Taken before the input is read (by the scan, or here): an edit while it is read leaves a fingerprint that no longer matches.
  const source = file.stats ?? statSync(file.abs);
  const copyAbs = (e: { path: string }) => path.join(config.evidenceDirAbs, e.path);
  const hit = cache.reuse(file.abs, source, copyAbs);
  // The same config and code lay the copy out at the same place; only a clash with this run's other copies can move it.
  if (hit && freePath(hit.layoutPath, takenPaths) === hit.entry.path) {
    const { entry } = hit;
    takenPaths.add(entry.path);
    // The same refusal as when the copy is compared: no link on the way to it (reuse saw the copy itself is none).
    const target = copyAbs(entry);
    if (!write.dryRun && entry.storage === 'inline' && !write.verifiedDirs.has(path.dirname(target))) assertContained(rootOf(config), target, 'write', write.verifiedDirs);
    return { id: baseId(entry.path), ...entry };
  }
  const placed = { layoutPath: '' };
  const entry = await collectOne(run, file, placed);
  const copy = !write.dryRun && entry.storage === 'inline' ? lstatSync(copyAbs(entry), { throwIfNoEntry: false }) : undefined;
  const { id: _id, ...rest } = entry;
  cache.remember(file.abs, source, { layoutPath: placed.layoutPath, entry: rest }, copy);
  return entry;
}

async function collectOne(
  { config, layout, takenPaths, kindDefs, write }: Run,
  scanned: ScannedFile,
  /** Set to where the layout put the copy, before uniquePath. */
  placed: { layoutPath: string },
): Promise<ManifestEntry> {
  const redact = config.redact !== false;
  // Redaction reaches every string of the entry: its file name, record, summary and diagnostics.
  const file = redact ? { ...scanned, source: redactString(scanned.source) } : scanned;
  // One read: detection, parsing, the digest and the copy all use these bytes (large files excepted).
  const content = readFileContent(file.abs, reads);
  const input = artifactFromContent(content, file.source);
  const parsed = await parseArtifact(input, file.spec.kind);
  const kindDef = kindDefs.get(parsed.kind);
  const role: Role = file.spec.role ?? kindDef?.defaultRole ?? 'other';
  placed.layoutPath = layout(file, role);
  const copyPath = uniquePath(placed.layoutPath, takenPaths);
  const sourceSha256 = content.bytes ? sha256Text(content.bytes) : await sha256File(file.abs, content.head);
  const unredacted = {
    id: baseId(copyPath),
    path: copyPath,
    kind: parsed.kind,
    tool: parsed.tool,
    ...(parsed.adapter ? { adapter: parsed.adapter } : {}),
    role,
    ...(file.spec.label ? { label: file.spec.label } : {}),
    source: file.source,
    // A published address can carry credentials (user:password@, signed query tokens): redacted like the copies.
    ...(file.spec.url ? { url: file.spec.url } : {}),
    valid: parsed.valid,
    ...(parsed.diagnostics.length ? { diagnostics: parsed.diagnostics } : {}),
    summary: parsed.record && kindDef ? kindDef.summarize(parsed.record as never) : {},
    ...(parsed.record ? { record: (kindDef?.compact ? kindDef.compact(parsed.record as never) : parsed.record) as NormalizedRecord } : {}),
  };
  const original = input.size > MAX_INLINE_BYTES ? undefined : (content.bytes ?? readFileSync(file.abs));
  const copy = original && publishBytes(original, { redact });
  // The secrets found in the file are also removed wherever the parser put them (a CSV cell, a fragment of a line).
  const base = redact ? redactValue(unredacted, {}, copy && copy.ok ? (copy.secrets ?? []) : []) : unredacted;
  const external = () => ({ ...base, bytes: input.size, sha256: sourceSha256, mediaType: mediaTypeOf(file.abs, !input.gzip && !input.head.includes('\0')), storage: 'external' }) as const;
  if (original === undefined || copy === undefined) return external();
  if (!copy.ok) {
    const refused = warning('collect.not-published', `${file.source} ${copy.reason}: recorded, not copied`, { file: file.source, hint: 'publish a smaller or uncompressed file, or host it elsewhere and link it' });
    return { ...external(), diagnostics: [...(base.diagnostics ?? []), refused], mediaType: mediaTypeOf(file.abs, false) };
  }
  const published = copy.bytes;
  // A final newline can push a copy at the limit over it: the hook that checks sizes would refuse it.
  if (published.length > MAX_INLINE_BYTES) return external();
  const target = path.join(config.evidenceDirAbs, copyPath);
  if (!write.dryRun) {
    assertContained(rootOf(config), target, 'write', write.verifiedDirs);
    if (!sameContent(target, published)) writeFileAtomic(target, published);
  }
  const changed = published !== original;
  return {
    ...base,
    bytes: published.length,
    sha256: changed ? sha256Text(published) : sourceSha256,
    ...(changed ? { sourceSha256 } : {}),
    ...(copy.redactions ? { redactions: copy.redactions } : {}),
    ...(copy.normalised ? { normalised: copy.normalised } : {}),
    ...(copy.encoding ? { encoding: copy.encoding } : {}),
    mediaType: mediaTypeOf(file.abs, copy.text),
    storage: 'inline',
  };
}

function uniquePath(p: string, taken: Set<string>): string {
  const candidate = freePath(p, taken);
  taken.add(candidate);
  return candidate;
}

/** `p`, or `p` with -2, -3, ... before its extension, whichever is not taken yet. */
function freePath(p: string, taken: Set<string>): string {
  let candidate = p;
  const ext = path.posix.extname(p);
  for (let n = 2; taken.has(candidate); n++) candidate = `${p.slice(0, p.length - ext.length)}-${n}${ext}`;
  return candidate;
}

/** Reused for reading inputs: nothing made of one input's bytes outlives its collectOne. */
const reads: ReadBuffer = { buffer: Buffer.alloc(0) };

/** Reused for reading existing copies: a re-run compares every copy and keeps none of them. */
let scratch = Buffer.alloc(0);

/** Whether `file` already holds exactly `data`, so that a re-run rewrites nothing. */
function sameContent(file: string, data: Buffer): boolean {
  try {
    if (statSync(file, { throwIfNoEntry: false })?.size !== data.length) return false;
    if (scratch.length < data.length) scratch = Buffer.allocUnsafe(Math.max(data.length, 64 * 1024));
    const fd = openSync(file, 'r');
    try {
      let got = 0;
      for (let r = 1; got < data.length && r > 0; got += r) r = readSync(fd, scratch, got, data.length - got, got);
      return got === data.length && scratch.subarray(0, got).equals(data);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

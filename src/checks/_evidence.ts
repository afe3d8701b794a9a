import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ManifestEntry } from '../evidence/manifest.js';
import { copyText } from '../evidence/publish-copy.js';
import { scanText, type TextFacts } from './_text.js';
import type { CheckContext } from './types.js';
import { packageVersion } from '../version.js';
import { track } from './_reads.js';

/**
 * Text facts of a published copy; binary files have none. The tool version is part of the name,
 * so new redaction rules scan every copy again; bump the number when scanText changes.
 */
const FACTS = `text-facts/2@${packageVersion}`;
/** Files larger than this are not scanned (the size-limit rule reports them anyway). */
const MAX_SCAN_BYTES = 8 * 1024 * 1024;

export interface CopiedFile {
  entry: ManifestEntry;
  index: number;
  abs: string;
  shown: string;
}

/** Inline manifest entries whose copy exists, in manifest order (the digest rule reports missing ones). */
export function copiedFiles(ctx: CheckContext): CopiedFile[] {
  if (!ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
  const files = new Set(filesUnder(ctx));
  return ctx.manifest.entries.flatMap((entry, index) => {
    if (!entry || entry.storage !== 'inline' || typeof entry.path !== 'string') return [];
    const abs = path.join(ctx.config.evidenceDirAbs, entry.path);
    return files.has(abs) ? [{ entry, index, abs, shown: ctx.show(abs) }] : [];
  });
}

const listed = new WeakMap<CheckContext, { files: string[]; dirs: string[] }>();

/** Every file under evidenceDir (dotfiles excluded), walked once per check, sorted. */
export function filesUnder(ctx: CheckContext): string[] {
  let walked = listed.get(ctx);
  if (!walked) listed.set(ctx, (walked = walkEvidence(ctx.config.evidenceDirAbs)));
  for (const dir of walked.dirs) track(ctx, 'listing', dir);
  return walked.files;
}

function walkEvidence(root: string): { files: string[]; dirs: string[] } {
  const out: string[] = [];
  const dirs: string[] = [];
  const walk = (dir: string) => {
    dirs.push(dir);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(root);
  return { files: out.sort(), dirs };
}

const facts = new WeakMap<CheckContext, Map<string, Promise<TextFacts | null>>>();

/** Hygiene, local-path and secret facts of a copied file, cached with its digest; null for binary or huge files. */
export function evidenceFacts(ctx: CheckContext, file: CopiedFile): Promise<TextFacts | null> {
  let memo = facts.get(ctx);
  if (!memo) facts.set(ctx, (memo = new Map()));
  let p = memo.get(file.abs);
  track(ctx, 'content', file.abs);
  if (!p) {
    p = file.entry.bytes > MAX_SCAN_BYTES ? Promise.resolve(null) : ctx.hashes.fact(file.abs, FACTS, (buf) => {
      const text = copyText(buf);
      return text === undefined ? null : scanText(text);
    });
    memo.set(file.abs, p);
  }
  return p;
}

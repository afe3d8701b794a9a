/**
 * collect's re-run cache (src/evidence/collect-cache.ts): an unchanged input with an unchanged
 * copy is not read again and gives the same bytes; an edited, touched or replaced input, an
 * edited, deleted or linked copy, an edited manifest and a changed config are all found and
 * redone exactly as without the cache.
 */
import { readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { collect } from '../../src/evidence/collect.js';
import { CACHE_DIR } from '../../src/evidence/hash-cache.js';
import { miniConfig, sha256, tempDir, writeTree } from '../pipeline/helpers.js';

const EVIDENCE = 'out/evidence/20260102_pipeline_test';
const LOG = 'INFO     2026-04-21 15:30:53 17655 api_server.py[line:88] client config api_key=sk_live_9f8e7d6c5b4a3210 loaded\n';
const BINARY = Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 7, 8, 9]);

interface Entry {
  path: string;
  sha256: string;
  sourceSha256?: string;
}

/** Timestamps on disk tick coarsely: wait so files written before a cache are not "racy" against it. */
const tick = () => new Promise((r) => setTimeout(r, 30));

/** A project with a redacted log and a binary file, collected until every entry is reusable. */
async function project(extra = ''): Promise<{ dir: string; config: string; run: (options?: { cache?: boolean; dryRun?: boolean }) => ReturnType<typeof collect> }> {
  const dir = tempDir();
  writeTree(dir, { 'rfc-evidence.yaml': miniConfig('  - glob: raw/**/*\n    role: log', extra), 'raw/api.log': LOG, 'raw/blob.bin': BINARY });
  const config = path.join(dir, 'rfc-evidence.yaml');
  const run = (options: { cache?: boolean; dryRun?: boolean } = {}) => collect(loadConfig(config), options);
  await tick();
  await run();
  // The first cache may be as new as the copies it describes; the second is written after them.
  await tick();
  await run();
  await tick();
  return { dir, config, run };
}

const manifestText = (dir: string) => readFileSync(path.join(dir, EVIDENCE, 'manifest.json'), 'utf8');
const entryOf = (dir: string, p: string) => (JSON.parse(manifestText(dir)) as { entries: Entry[] }).entries.find((e) => e.path === p)!;

describe('collect re-run cache', () => {
  it('reuses unchanged inputs with unchanged copies, and gives the same bytes as a run without it', async () => {
    const { dir, run } = await project();
    const before = manifestText(dir);
    const r = await run();
    expect(r.reused).toBe(2);
    expect(manifestText(dir)).toBe(before);
    const uncached = await run({ cache: false });
    expect(uncached.reused).toBe(0);
    expect(manifestText(dir)).toBe(before);
    expect(JSON.stringify(uncached.manifest)).toBe(JSON.stringify(r.manifest));
    // Local state, ignored by git through its own .gitignore.
    const cacheDir = path.join(dir, CACHE_DIR);
    expect(readFileSync(path.join(cacheDir, '.gitignore'), 'utf8')).toBe('*\n');
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('collect-'))).toHaveLength(1);
  });

  it('reads an input edited in place (same size) again', async () => {
    const { dir, run } = await project();
    const edited = LOG.replace('loaded', 'LOADED');
    writeFileSync(path.join(dir, 'raw/api.log'), edited);
    const r = await run();
    expect(r.reused).toBe(1);
    expect(entryOf(dir, 'api.log').sourceSha256).toBe(sha256(edited));
    expect(readFileSync(path.join(dir, EVIDENCE, 'api.log'), 'utf8')).toContain('LOADED');
  });

  it('reads an input again when only its times changed (a touch)', async () => {
    const { dir, run } = await project();
    const now = new Date();
    utimesSync(path.join(dir, 'raw/blob.bin'), now, now);
    expect((await run()).reused).toBe(1);
  });

  it('rewrites a copy that was edited or deleted since', async () => {
    const { dir, run } = await project();
    const copy = path.join(dir, EVIDENCE, 'api.log');
    const good = readFileSync(copy);
    writeFileSync(copy, LOG);
    rmSync(path.join(dir, EVIDENCE, 'blob.bin'));
    const r = await run();
    expect(r.reused).toBe(0);
    expect(readFileSync(copy)).toEqual(good);
    expect(readFileSync(path.join(dir, EVIDENCE, 'blob.bin'))).toEqual(BINARY);
  });

  it('refuses a copy replaced by a link, as without the cache', async () => {
    const { dir, run } = await project();
    const outside = path.join(tempDir(), 'private.bin');
    writeFileSync(outside, BINARY);
    const copy = path.join(dir, EVIDENCE, 'blob.bin');
    rmSync(copy);
    symlinkSync(outside, copy);
    await expect(run()).rejects.toThrow(/symbolic link/);
    expect(readFileSync(outside)).toEqual(BINARY);
  });

  it('takes nothing from a manifest.json edited since collect wrote it', async () => {
    const { dir, run } = await project();
    const file = path.join(dir, EVIDENCE, 'manifest.json');
    const before = manifestText(dir);
    writeFileSync(file, before.replace(/"sha256": "[0-9a-f]{64}"/, `"sha256": "${'0'.repeat(64)}"`));
    expect((await run()).reused).toBe(0);
    expect(manifestText(dir)).toBe(before);
  });

  it('redoes every entry when the config changes what collect makes (redact: false)', async () => {
    const { dir, config, run } = await project();
    writeFileSync(config, miniConfig('  - glob: raw/**/*\n    role: log', 'redact: false'));
    const r = await run();
    expect(r.reused).toBe(0);
    expect(readFileSync(path.join(dir, EVIDENCE, 'api.log'), 'utf8')).toBe(LOG);
    expect(entryOf(dir, 'api.log').sha256).toBe(sha256(LOG));
  });

  it('ignores a damaged cache file, and writes nothing on a dry run', async () => {
    const { dir, run } = await project();
    const cacheDir = path.join(dir, CACHE_DIR);
    const file = path.join(cacheDir, readdirSync(cacheDir).find((f) => f.startsWith('collect-'))!);
    writeFileSync(file, '{"format": 1, "stamp": ');
    const before = manifestText(dir);
    expect((await run({ dryRun: true })).reused).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('{"format": 1, "stamp": ');
    expect((await run()).reused).toBe(0);
    expect(manifestText(dir)).toBe(before);
    await tick();
    expect((await run()).reused).toBe(2);
    // Entries of the wrong shape are misses, not crashes.
    const data = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, Record<string, unknown>> };
    for (const stored of Object.values(data.files)) stored.layoutPath = 7;
    writeFileSync(file, JSON.stringify(data));
    const mtime = new Date(Date.now() + 60_000);
    utimesSync(file, mtime, mtime);
    expect((await run()).reused).toBe(0);
    expect(manifestText(dir)).toBe(before);
  });
});

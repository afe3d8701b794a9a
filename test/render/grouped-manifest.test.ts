/**
 * A large set's evidence manifest document lists folders (count, size, kinds, group digest)
 * instead of every file, so it stays under 1024 KB; manifest.json and manifest-sha256.txt keep
 * every entry, check accepts the grouped list, and a tampered copy is still reported.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { loadConfig } from '../../src/config.js';
import { collect } from '../../src/evidence/collect.js';
import type { ManifestEntry } from '../../src/evidence/manifest.js';
import { planRender, writePlan } from '../../src/render/render.js';
import { entryGroups, GROUP_ABOVE_BYTES, GROUP_ABOVE_ENTRIES, groupDigest } from '../../src/render/view-groups.js';
import type { EntryView } from '../../src/render/view-model.js';

const FOLDERS = ['node-a', 'node-b', 'node-c'];
const PER_FOLDER = 400;

describe('a large set grouped by folder in the manifest document', () => {
  let root: string;
  const evidence = 'rfcs/Bench/evidence/20260423_grouped';
  const doc = 'rfcs/Bench/20260423_grouped_evidence_manifest_for_bench.md';

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-grouped-'));
    for (const f of FOLDERS) {
      mkdirSync(path.join(root, 'notes', f), { recursive: true });
      for (let i = 0; i < PER_FOLDER; i++) writeFileSync(path.join(root, 'notes', f, `run_${String(i).padStart(4, '0')}.txt`), `run ${i} on ${f}: ok\n`);
    }
    writeFileSync(path.join(root, 'notes', 'README.txt'), 'one file at the top of the inputs\n');
    writeFileSync(
      path.join(root, 'rfc-evidence.yaml'),
      ['rfc:', '  title: grouped', '  slug: grouped', '  project: Bench', '  author: bench', '  date: "2026-04-23"', '  version: V1.0', '  background: generated', '  conclusion: generated', '  nextSteps: generated', 'outDir: rfcs/Bench', `evidenceDir: ${evidence}`, 'inputs:', '  - glob: notes/**/*.txt', '    role: note', ''].join('\n'),
    );
    const config = loadConfig('rfc-evidence.yaml', root);
    const { manifest } = await collect(config);
    writePlan(await planRender(config, manifest));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists each folder with its count, size and a digest a reviewer can recompute from manifest-sha256.txt', () => {
    const text = readFileSync(path.join(root, doc), 'utf8');
    expect(statSync(path.join(root, doc)).size).toBeLessThan(1024 * 1024);
    expect(text).toContain(`随 PR 提交的 ${FOLDERS.length * PER_FOLDER + 1} 项证据过多`);
    expect(text).not.toContain('run_0001.txt');
    const bagit = readFileSync(path.join(root, evidence, 'manifest-sha256.txt'), 'utf8').split('\n').filter(Boolean);
    const manifest = JSON.parse(readFileSync(path.join(root, evidence, 'manifest.json'), 'utf8')) as { entries: ManifestEntry[] };
    expect(manifest.entries).toHaveLength(FOLDERS.length * PER_FOLDER + 1);
    const folders = [...new Set(manifest.entries.map((e) => path.posix.dirname(e.path)))].sort();
    expect(folders.length).toBe(FOLDERS.length + 1);
    for (const folder of folders) {
      // What the document tells a reviewer to run: grep the folder's lines, sha256sum them.
      const pattern = folder === '.' ? /^[0-9a-f]{64} {2}[^/]+$/ : new RegExp(`^[0-9a-f]{64}  ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^/]+$`);
      const lines = bagit.filter((l) => pattern.test(l));
      const digest = createHash('sha256').update(lines.map((l) => `${l}\n`).join('')).digest('hex');
      const link = folder === '.' ? 'evidence/20260423_grouped' : `evidence/20260423_grouped/${folder}`;
      expect(text).toMatch(new RegExp(`^\\| \\[${folder.replace('.', '\\.')}\\]\\(${link}\\) \\| ${lines.length} \\| \`other\` \\| [0-9.]+ (B|KB) \\| \`${digest}\` \\|$`, 'm'));
    }
  });

  it('passes check, and a tampered copy is still reported', async () => {
    const config = loadConfig('rfc-evidence.yaml', root);
    const clean = await runChecks(config, root, { cache: false });
    expect(clean.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const copy = path.join(root, evidence, 'node-b', 'run_0123.txt');
    writeFileSync(copy, 'run 123 on node-b: FAILED\n');
    try {
      const tampered = await runChecks(config, root, { cache: false });
      expect(tampered.diagnostics.map((d) => [d.id, d.file])).toEqual(expect.arrayContaining([['digest.mismatch', `${evidence}/node-b/run_0123.txt`]]));
    } finally {
      writeFileSync(copy, 'run 123 on node-b: ok\n');
    }
  }, 60_000);
});

describe('when the manifest document groups', () => {
  const entry = (i: number, summary = ''): [ManifestEntry, EntryView] => {
    const e = { id: `e${i}`, path: `d${i % 3}/f${i}.txt`, kind: 'other', tool: 'other', role: 'note', bytes: 10, sha256: createHash('sha256').update(String(i)).digest('hex'), mediaType: 'text/plain', storage: 'inline', source: `f${i}.txt`, valid: true, summary: {} } as ManifestEntry;
    const v = { id: e.id, kind: e.kind, tool: e.tool, role: e.role, link: `evidence/${e.path}`, storage: 'inline', size: '10 B', bytes: 10, sha256: e.sha256, shortSha: e.sha256.slice(0, 12), source: e.source, valid: true, summaryText: summary } as EntryView;
    return [e, v];
  };
  const set = (n: number, summary = '') => {
    const pairs = Array.from({ length: n }, (_, i) => entry(i, summary));
    return entryGroups(pairs.map((p) => p[0]), pairs.map((p) => p[1]), 'evidence');
  };

  it(`lists every entry up to ${GROUP_ABOVE_ENTRIES} small entries, groups above`, () => {
    expect(set(GROUP_ABOVE_ENTRIES)).toBeUndefined();
    const grouped = set(GROUP_ABOVE_ENTRIES + 1)!;
    expect(grouped.count).toBe(GROUP_ABOVE_ENTRIES + 1);
    expect(grouped.folders.map((f) => [f.folder, f.count])).toEqual([
      ['d0', 334],
      ['d1', 334],
      ['d2', 333],
    ]);
  });

  it(`groups fewer entries whose rows would take over ${GROUP_ABOVE_BYTES} bytes`, () => {
    expect(set(100, 'x'.repeat(GROUP_ABOVE_BYTES / 200))).toBeUndefined();
    expect(set(300, 'x'.repeat(GROUP_ABOVE_BYTES / 200))).toBeDefined();
  });

  it('digests the group as the SHA-256 of its manifest-sha256.txt lines in path order, whatever the manifest order', () => {
    const a = { sha256: 'a'.repeat(64), path: 'd/b.txt' };
    const b = { sha256: 'b'.repeat(64), path: 'd/a.txt' };
    const expected = createHash('sha256').update(`${'b'.repeat(64)}  d/a.txt\n${'a'.repeat(64)}  d/b.txt\n`).digest('hex');
    expect(groupDigest([a, b])).toBe(expected);
    expect(groupDigest([b, a])).toBe(expected);
  });
});

/**
 * The check results cache (.rfc-evidence-cache/check-results.json): a rule's findings are reused
 * only while nothing it read changed. Every rule example is checked with a cache written before
 * its edits, and must give exactly what a check without the cache gives; the CLI's warm output
 * equals its cold output byte for byte; an edit to each kind of input is found on the next warm
 * run; `--no-cache` neither reads nor writes it; a broken or foreign cache file is ignored.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { runChecks } from '../../src/checks/index.js';
import { rules } from '../../src/checks/registry.js';
import { loadConfig } from '../../src/config.js';
import { loadProfile, type Profile } from '../../src/profile.js';
import { applyEdits, buildFixture, fixturesRoot, readCase, type FixtureCase } from './_harness.js';

const RESULTS = path.join('.rfc-evidence-cache', 'check-results.json');
const all = await rules();

function profileOf(c: FixtureCase, root: string): { profile?: Profile } {
  if (c.profile === undefined) return {};
  try {
    return { profile: loadProfile(c.profile, root) };
  } catch {
    // A profile file the case writes only in its `after` edits: the first check runs without it.
    return {};
  }
}

const examples = all.flatMap((r) =>
  ['bad', 'ok'].flatMap((kind) => {
    const dir = path.join(fixturesRoot, r.id, kind);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => `${r.id}/${kind}/${f}`) : [];
  }),
);

describe('check results cache against every rule example', () => {
  it.each(examples.filter((e) => readCase(path.join(fixturesRoot, e)).after?.length))('%s: edits after a cached check are found', async (name) => {
    const c = readCase(path.join(fixturesRoot, name));
    const fx = await buildFixture(c, { deferAfter: true });
    try {
      await runChecks(fx.config, fx.root, profileOf(c, fx.root));
      expect(existsSync(path.join(fx.root, RESULTS))).toBe(true);
      fx.after();
      const config = loadConfig('rfc-evidence.yaml', fx.root);
      const fresh = await runChecks(config, fx.root, { ...profileOf(c, fx.root), cache: false });
      const cached = await runChecks(config, fx.root, profileOf(c, fx.root));
      expect(cached.diagnostics).toEqual(fresh.diagnostics);
      const warm = await runChecks(config, fx.root, profileOf(c, fx.root));
      expect(warm.diagnostics).toEqual(fresh.diagnostics);
      // Once nothing changes, every rule and the context step are reused.
      expect(warm.reused).toEqual(['(context)', ...all.map((r) => r.id)]);
    } finally {
      fx.cleanup();
    }
  });
});

describe('what a change runs again', () => {
  it('runs only the rules that read what changed: a copy re-runs the copy rules, a document the document rules', async () => {
    const fx = await buildFixture({ description: 'stage one', set: 'stage1', findings: [] });
    const ran = (r: { reused: string[] }) => ['(context)', ...all.map((x) => x.id)].filter((id) => !r.reused.includes(id));
    try {
      await runChecks(fx.config, fx.root);
      expect(ran(await runChecks(fx.config, fx.root))).toEqual([]);
      applyEdits(fx.root, [{ file: 'rfcs/Demo/evidence/20260105_demo_stage1/service/log/console.log', append: 'one more line\n' }]);
      expect(ran(await runChecks(fx.config, fx.root))).toEqual(['digest', 'hygiene', 'local-paths', 'secrets', 'size-limit']);
      applyEdits(fx.root, [{ file: 'rfcs/Demo/20260105_demo_stage1_exec_summary_for_demo.md', append: 'A note.\n' }]);
      const afterDoc = ran(await runChecks(fx.config, fx.root));
      expect(afterDoc).toEqual(expect.arrayContaining(['(context)', 'documents.current', 'hygiene', 'links', 'metadata', 'secrets']));
      expect(afterDoc).not.toContain('digest');
      expect(afterDoc).not.toContain('record.schema');
      expect(afterDoc).not.toContain('source-changed');
    } finally {
      fx.cleanup();
    }
  });
});

function io(cwd: string): Io & { out: string; err: string } {
  const x = { out: '', err: '', stdout: (s: string) => void (x.out += s), stderr: (s: string) => void (x.err += s), stderrIsTTY: false, stdoutIsTTY: false, env: {}, cwd };
  return x;
}

async function check(root: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const t = io(root);
  const code = await run(['check', '--config', 'rfc-evidence.yaml', ...args], t);
  return { code, out: t.out };
}

const ids = (out: string) => (JSON.parse(out) as { diagnostics: { id: string }[] }).diagnostics.map((d) => d.id);

describe('check results cache through the CLI', () => {
  const base: FixtureCase = { description: 'the stage-one set with a hand-edited copy', set: 'stage1', findings: [] };

  it('gives byte-identical text and JSON warm and cold, and --no-cache neither reads nor writes it', async () => {
    const fx = await buildFixture({ ...base, after: [{ file: 'rfcs/Demo/evidence/20260105_demo_stage1/service/log/console.log', append: 'edited  \n' }] });
    try {
      for (const format of ['text', 'json', 'sarif']) {
        rmSync(path.join(fx.root, '.rfc-evidence-cache'), { recursive: true, force: true });
        const cold = await check(fx.root, '--format', format);
        const warm = await check(fx.root, '--format', format);
        expect(warm).toEqual(cold);
        expect(cold.code).toBe(1);
      }
      const stored = readFileSync(path.join(fx.root, RESULTS), 'utf8');
      expect(ids((await check(fx.root, '--format', 'json')).out)).toContain('digest.mismatch');

      // A cache that claims no findings is never read with --no-cache, and not rewritten by it.
      const poisoned = JSON.parse(stored) as { rules: Record<string, { diagnostics: unknown[] }> };
      for (const r of Object.values(poisoned.rules)) r.diagnostics = [];
      writeFileSync(path.join(fx.root, RESULTS), JSON.stringify(poisoned));
      expect((await check(fx.root, '--no-cache', '--format', 'json')).code).toBe(1);
      expect(readFileSync(path.join(fx.root, RESULTS), 'utf8')).toBe(JSON.stringify(poisoned));
      rmSync(path.join(fx.root, '.rfc-evidence-cache'), { recursive: true, force: true });
      await check(fx.root, '--no-cache');
      expect(existsSync(path.join(fx.root, RESULTS))).toBe(false);
    } finally {
      fx.cleanup();
    }
  });

  it('keeps every digest of the hash cache when a run reuses results and hashes only what changed', async () => {
    const fx = await buildFixture(base);
    const hashes = () => Object.keys((JSON.parse(readFileSync(path.join(fx.root, '.rfc-evidence-cache', 'hashes.json'), 'utf8')) as { files: object }).files);
    try {
      const cold = await check(fx.root, '--format', 'json');
      const all = hashes();
      expect(all.length).toBeGreaterThan(5);
      // A touched copy: its stat changed, its content did not; the findings are reused all the same.
      const copy = path.join(fx.root, 'rfcs/Demo/evidence/20260105_demo_stage1/service/log/console.log');
      const later = new Date(Date.now() + 5000);
      utimesSync(copy, later, later);
      expect(await check(fx.root, '--format', 'json')).toEqual(cold);
      expect(hashes()).toEqual(all);
    } finally {
      fx.cleanup();
    }
  });

  it('ignores a corrupt or foreign results file', async () => {
    const fx = await buildFixture(base);
    try {
      const cold = await check(fx.root, '--format', 'json');
      for (const junk of ['{"format":1,', '[]', '{"format":1,"key":"someone else","files":[],"kinds":[],"fps":[],"stats":[],"rules":{}}', '\u0000\u0001']) {
        writeFileSync(path.join(fx.root, RESULTS), junk);
        expect(await check(fx.root, '--format', 'json')).toEqual(cold);
      }
      // The same key with malformed reads: those rules run again.
      const stored = JSON.parse(readFileSync(path.join(fx.root, RESULTS), 'utf8')) as { files: unknown[]; kinds: unknown[] };
      stored.files = stored.files.map(() => 42);
      stored.kinds = stored.kinds.map(() => 99);
      writeFileSync(path.join(fx.root, RESULTS), JSON.stringify(stored));
      expect(await check(fx.root, '--format', 'json')).toEqual(cold);
    } finally {
      fx.cleanup();
    }
  });

  it('finds an edit to each kind of input on the next warm run', async () => {
    const fx = await buildFixture(base);
    const evidence = 'rfcs/Demo/evidence/20260105_demo_stage1';
    const report = 'rfcs/Demo/20260105_demo_stage1_report_for_demo.md';
    try {
      const clean = await check(fx.root, '--format', 'json');
      const warm = async () => ids((await check(fx.root, '--format', 'json')).out);
      const baseline = ids(clean.out);
      expect(await warm()).toEqual(baseline);

      const copy = `${evidence}/service/log/console.log`;
      const copyText = readFileSync(path.join(fx.root, copy), 'utf8');
      applyEdits(fx.root, [{ file: copy, append: 'token=ghp_0123456789abcdefghijklmnopqrstuvwxyz\n' }]);
      expect(await warm()).toEqual(expect.arrayContaining(['digest.mismatch', 'secrets.found']));
      writeFileSync(path.join(fx.root, copy), copyText);
      expect(await warm()).toEqual(baseline);

      const manifest = `${evidence}/manifest.json`;
      const manifestText = readFileSync(path.join(fx.root, manifest), 'utf8');
      applyEdits(fx.root, [{ file: manifest, pointer: '/entries/0/sha256', value: 'f'.repeat(64) }]);
      expect(await warm()).toEqual(expect.arrayContaining(['digest.mismatch', 'documents.current.stale']));
      writeFileSync(path.join(fx.root, manifest), manifestText);
      expect(await warm()).toEqual(baseline);

      const reportText = readFileSync(path.join(fx.root, report), 'utf8');
      applyEdits(fx.root, [{ file: report, append: 'see /home/me/run.log  \n' }]);
      expect(await warm()).toEqual(expect.arrayContaining(['hygiene.trailing-whitespace', 'local-paths.absolute']));
      writeFileSync(path.join(fx.root, report), reportText);
      expect(await warm()).toEqual(baseline);

      const configText = readFileSync(path.join(fx.root, 'rfc-evidence.yaml'), 'utf8');
      applyEdits(fx.root, [{ file: 'rfc-evidence.yaml', replace: 'date: "2026-01-05"', with: 'date: "2026-01-06"' }]);
      expect(await warm()).toEqual(expect.arrayContaining(['file-names.mismatch']));
      writeFileSync(path.join(fx.root, 'rfc-evidence.yaml'), configText);
      expect(await warm()).toEqual(baseline);

      // A profile file: its content is part of the key, so a stricter copy is applied on the next run.
      const profileFile = path.join(fx.root, 'my-profile.yaml');
      writeFileSync(profileFile, 'name: mine\ndescription: needs a baseline\nrequires:\n  - id: baseline\n    evidence: { role: benchmark.baseline }\n');
      const withProfile = async () => ids((await check(fx.root, '--format', 'json', '--profile', 'my-profile.yaml')).out);
      expect(await withProfile()).toEqual(expect.arrayContaining(['profile.baseline']));
      writeFileSync(profileFile, 'name: mine\ndescription: asks nothing\nrequires: []\n');
      expect(await withProfile()).toEqual(baseline);
    } finally {
      fx.cleanup();
    }
  });
});

describe('git-ignored and git files outside the project', () => {
  it('a change to the global ignore file is seen by its stat, and its bytes are never read or recorded', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-home-'));
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = path.join(home, '.config');
    const fx = await buildFixture({ description: '', set: 'minimal', git: true, findings: [] });
    try {
      const ignore = path.join(home, '.config', 'git', 'ignore');
      mkdirSync(path.dirname(ignore), { recursive: true });
      writeFileSync(ignore, '*.swp\n');
      const first = await runChecks(fx.config, fx.root, {});
      expect(first.diagnostics.filter((d) => d.id.startsWith('git-ignored'))).toEqual([]);
      writeFileSync(ignore, '*.swp\n*.log\n');
      const second = await runChecks(fx.config, fx.root, {});
      expect(second.reused).not.toContain('git-ignored');
      expect(second.diagnostics.filter((d) => d.id === 'git-ignored.published').map((d) => d.message).join('\n')).toContain('fastdeploy.log');
      const digest = createHash('sha256').update('*.swp\n*.log\n').digest('hex');
      expect(readFileSync(path.join(fx.root, RESULTS), 'utf8')).not.toContain(digest);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      fx.cleanup();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

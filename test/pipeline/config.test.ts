/**
 * Config errors are usage errors (exit 2) naming the key or path and its line, for every command
 * that reads the config; relative paths resolve against the config's folder.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UsageError } from '../../src/diagnostics/diagnostic.js';
import { cli, latencyJson, miniConfig, tempDir, writeTree } from './helpers.js';

const INPUT = '  - path: bench/lat.json\n    role: benchmark.formal';

/** A project folder with a valid latency input and the given config text. */
function project(configText: string): string {
  const d = tempDir();
  writeTree(d, { 'rfc-evidence.yaml': configText, 'bench/lat.json': latencyJson([0.5, 0.6, 0.7]) });
  return d;
}

// Every command that reads the config; compare reads it to resolve manifest entry ids.
const COMMANDS: string[][] = [['collect'], ['render'], ['check'], ['compare', 'bench/lat', 'bench/lat']];

describe('config errors are usage errors (exit 2) naming the key and its line', () => {
  it.each(COMMANDS)('unknown top-level key: %s', async (...argv) => {
    const d = project(miniConfig(INPUT).replace('outDir: out\n', 'outDir: out\noutdir: typo\n'));
    const r = await cli(argv, d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("rfc-evidence.yaml:9:1: error unknown key 'outdir'");
    expect(r.stdout).toBe('');
  });

  it.each(COMMANDS)('unknown nested key rfc.titel: %s', async (...argv) => {
    const d = project(miniConfig(INPUT).replace('  title: 测试任务\n', '  title: 测试任务\n  titel: typo\n'));
    const r = await cli(argv, d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("rfc-evidence.yaml:3:3: error unknown key 'titel' in '/rfc'");
  });

  it('unknown key inside an input names the key and its line', async () => {
    const d = project(miniConfig('  - path: bench/lat.json\n    rol: note'));
    const r = await cli(['collect'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rfc-evidence\.yaml:12:\d+: error .*'rol'/);
  });

  it('a wrong type names the key and its line', async () => {
    const d = project(miniConfig(INPUT).replace('outDir: out', 'outDir: 3'));
    const r = await cli(['collect'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("rfc-evidence.yaml:8:1: error '/outDir': expected string, found number 3");
  });

  it('a wrong type in a nested enum (rfc.language) is named', async () => {
    const d = project(miniConfig(INPUT).replace('  version: V1.0\n', '  version: V1.0\n  language: fr\n'));
    const r = await cli(['check'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rfc-evidence\.yaml:8:\d+: error .*language/);
  });

  it('a missing required field is named', async () => {
    const d = project(miniConfig(INPUT).replace('  author: tester\n', ''));
    const r = await cli(['collect'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required key 'author' in '/rfc'");
    expect(r.stderr).toMatch(/rfc-evidence\.yaml:\d+:\d+: error/);
  });

  it('a YAML syntax error names its line and column', async () => {
    const d = project(miniConfig(INPUT).replace('  title: 测试任务', '  title: [测试任务'));
    const r = await cli(['render'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rfc-evidence\.yaml:\d+:\d+: error invalid YAML/);
    expect(r.stderr).toContain('[config.yaml-syntax]');
  });

  it('a YAML syntax error reports the line where it is', async () => {
    // Line 4 is over-indented: the error is on line 3 or 4, never line 1.
    const d = project(miniConfig(INPUT).replace('  project: FastDeploy', '   project: FastDeploy'));
    const r = await cli(['collect'], d);
    expect(r.code).toBe(2);
    const m = /rfc-evidence\.yaml:(\d+):(\d+): error invalid YAML/.exec(r.stderr);
    expect(m).not.toBeNull();
    expect([3, 4]).toContain(Number(m![1]));
  });

  it('--json puts the error on stdout as JSON', async () => {
    const d = project(miniConfig(INPUT).replace('  title: 测试任务\n', '  title: 测试任务\n  titel: typo\n'));
    const r = await cli(['--json', 'check'], d);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { diagnostics: { id: string; line: number; column: number; message: string }[] };
    expect(out.diagnostics).toEqual([expect.objectContaining({ id: 'config.invalid', line: 3, column: 3, message: expect.stringContaining("'titel'") })]);
  });

  it('loadConfig throws a UsageError whose diagnostics carry the key position', () => {
    const d = project(miniConfig(INPUT).replace('  title: 测试任务\n', '  title: 测试任务\n  titel: typo\n'));
    let caught: unknown;
    try {
      loadConfig('rfc-evidence.yaml', d);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).diagnostics).toEqual([expect.objectContaining({ file: 'rfc-evidence.yaml', line: 3, column: 3, pointer: '/rfc/titel' })]);
  });
});

// Only collect reads input files; inspect is the place for a single file.
describe('unreadable inputs are usage errors naming the path', () => {
  it('a missing input path: exit 2, names the path, writes nothing', async () => {
    const d = project(miniConfig(`${INPUT}\n  - path: bench/missing.json`));
    const r = await cli(['collect'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bench/missing.json');
    expect(r.stderr).toContain('no such file');
    expect(r.stderr).toContain('rfc-evidence.yaml#/inputs/1/path');
    expect(existsSync(path.join(d, 'out'))).toBe(false);
  });

  it('an input path that is a folder: exit 2, names the path', async () => {
    const d = project(miniConfig(`${INPUT}\n  - path: bench`));
    const r = await cli(['collect'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input bench: not a file/);
  });

  it.skipIf(process.getuid?.() === 0)('an input without read permission: exit 2, names the path', async () => {
    const d = project(miniConfig(INPUT));
    chmodSync(path.join(d, 'bench/lat.json'), 0o000);
    const r = await cli(['collect'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('input bench/lat.json: permission denied');
  });

  it('a missing config file: exit 2, names it, hints at init', async () => {
    const d = tempDir();
    const r = await cli(['check', '--config', 'nope/rfc-evidence.yaml'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope/rfc-evidence.yaml');
    expect(r.stderr).toContain('rfc-evidence init');
  });

  it('no config in the working directory: the default is named with the same hint', async () => {
    const r = await cli(['collect'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rfc-evidence.yaml');
    expect(r.stderr).toContain('rfc-evidence init');
  });
});

describe('relative paths resolve against the config folder, not the working directory', () => {
  it('collect from another cwd writes under the config folder and records config-relative sources', async () => {
    const root = tempDir();
    const proj = path.join(root, 'proj');
    writeTree(proj, { 'rfc-evidence.yaml': miniConfig(INPUT), 'bench/lat.json': latencyJson([0.5, 0.6, 0.7]) });
    const elsewhere = path.join(root, 'elsewhere');
    mkdirSync(elsewhere);
    // A decoy with the same relative path next to the cwd must not be picked up.
    writeTree(elsewhere, { 'bench/lat.json': latencyJson([9, 9, 9]) });
    const r = await cli(['collect', '--config', '../proj/rfc-evidence.yaml'], elsewhere);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(elsewhere, 'out'))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(proj, 'out/evidence/20260102_pipeline_test/manifest.json'), 'utf8')) as {
      entries: { source: string; path: string; summary: Record<string, unknown>; record: { latency: { e2el: { mean: number } } } }[];
    };
    expect(manifest.entries.map((e) => [e.source, e.path])).toEqual([['bench/lat.json', 'lat.json']]);
    expect(manifest.entries[0]!.record.latency.e2el.mean).toBeCloseTo(600, 9);
  });

  it('loadConfig resolves outDir and evidenceDir against the config folder', () => {
    const root = tempDir();
    writeTree(root, { 'a/b/rfc-evidence.yaml': miniConfig(INPUT) });
    const c = loadConfig('a/b/rfc-evidence.yaml', root);
    expect(c.baseDir).toBe(path.join(root, 'a/b'));
    expect(c.outDirAbs).toBe(path.join(root, 'a/b/out'));
    expect(c.evidenceDirAbs).toBe(path.join(root, 'a/b/out/evidence/20260102_pipeline_test'));
    expect(c.language).toBe('zh');
  });
});

describe('commands that do not need the config still honour an explicit bad --config', () => {
  // Issue 2 "Must hold": "a config with an unknown key makes any command exit 2 naming the key",
  // also for inspect and compare, which need no config to read their file arguments.
  it('inspect --config <config with unknown key> exits 2', async () => {
    const d = project(miniConfig(INPUT).replace('outDir: out\n', 'outDir: out\noutdir: typo\n'));
    const r = await cli(['inspect', '--config', 'rfc-evidence.yaml', 'bench/lat.json'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'outdir'");
  });

  it('compare <file> <file> --config <config with unknown key> exits 2', async () => {
    const d = project(miniConfig(INPUT).replace('outDir: out\n', 'outDir: out\noutdir: typo\n'));
    const r = await cli(['compare', '--config', 'rfc-evidence.yaml', 'bench/lat.json', 'bench/lat.json'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'outdir'");
  });
});

describe('rfc.version', () => {
  it.each(['V1.0', 'v1.0'])('%s is accepted and written as given; render --bump keeps the letter', async (version) => {
    const d = project(miniConfig(INPUT).replace('  version: V1.0\n', `  version: ${version}\n  revisionDate: "2026-05-02"\n`));
    expect((await cli(['collect'], d)).code).toBe(0);
    expect((await cli(['render'], d)).code).toBe(0);
    const docs = readdirSync(path.join(d, 'out')).filter((f) => f.endsWith('.md'));
    for (const f of docs) expect(readFileSync(path.join(d, 'out', f), 'utf8')).toMatch(new RegExp(`\\| ${version} \\|`));
    const check = await cli(['check'], d);
    expect(check.stdout + check.stderr).not.toContain('metadata.version');
    expect((await cli(['render', '--bump'], d)).code).toBe(0);
    expect(readFileSync(path.join(d, 'out', docs[0]!), 'utf8')).toMatch(new RegExp(`\\| ${version[0]}1\\.1 \\|`));
  });

  it('anything else is a usage error naming the key', async () => {
    const r = await cli(['collect'], project(miniConfig(INPUT).replace('  version: V1.0\n', '  version: ver1.0\n')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rfc-evidence\.yaml:\d+:\d+: error '\/rfc\/version': expected a value matching/);
  });
});

/** init writes a commented starter that loads, works once its inputs exist, and never overwrites. */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { documentSetFor } from '../../src/render/document-sets.js';
import { cli, examplesDir, tempDir } from './helpers.js';

const stage1 = path.join(examplesDir, 'metax-paddleocr-vl-stage1');

describe('init', () => {
  it('writes a commented starter config that loads without error', async () => {
    const d = tempDir();
    const r = await cli(['init'], d);
    expect(r).toEqual({ code: 0, stdout: 'wrote rfc-evidence.yaml\n', stderr: '' });
    expect(readdirSync(d)).toEqual(['rfc-evidence.yaml']);
    const text = readFileSync(path.join(d, 'rfc-evidence.yaml'), 'utf8');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThanOrEqual(3);
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
    const c = loadConfig('rfc-evidence.yaml', d);
    expect(c.inputs.length).toBeGreaterThan(0);
    expect(c.baseDir).toBe(d);
  });

  it('--documents chooses the document set the starter names; an unknown set is exit 2', async () => {
    const d = tempDir();
    expect((await cli(['init', '--documents', 'design'], d)).code).toBe(0);
    const c = loadConfig('rfc-evidence.yaml', d);
    expect(c.documents).toBe('design');
    expect(documentSetFor(c).documents.map((x) => x.template)).toEqual(['design']);
    expect(loadConfig('rfc-evidence.yaml', (await cli(['init', 'x'], d), path.join(d, 'x'))).documents).toBe('stage');
    const bad = await cli(['init', '--documents', 'slides', 'y'], d);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown document set 'slides': expected one of design, op-optimization, stage");
    expect(existsSync(path.join(d, 'y'))).toBe(false);
  });

  it('init <dir> creates the folder and writes only the config there', async () => {
    const d = tempDir();
    const r = await cli(['--json', 'init', 'a/b'], d);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ written: 'a/b/rfc-evidence.yaml' });
    expect(readdirSync(path.join(d, 'a/b'))).toEqual(['rfc-evidence.yaml']);
    expect(() => loadConfig('a/b/rfc-evidence.yaml', d)).not.toThrow();
  });

  it('never overwrites: exit 2, the file is unchanged', async () => {
    const d = tempDir();
    const mine = 'rfc:\n  title: mine\n';
    writeFileSync(path.join(d, 'rfc-evidence.yaml'), mine);
    const before = statSync(path.join(d, 'rfc-evidence.yaml')).mtimeMs;
    const r = await cli(['init'], d);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('rfc-evidence.yaml already exists');
    expect(readFileSync(path.join(d, 'rfc-evidence.yaml'), 'utf8')).toBe(mine);
    expect(statSync(path.join(d, 'rfc-evidence.yaml')).mtimeMs).toBe(before);
  });

  it('a second init in the same folder refuses and keeps the first', async () => {
    const d = tempDir();
    expect((await cli(['init'], d)).code).toBe(0);
    const first = readFileSync(path.join(d, 'rfc-evidence.yaml'));
    expect((await cli(['init', '.'], d)).code).toBe(2);
    expect(readFileSync(path.join(d, 'rfc-evidence.yaml')).equals(first)).toBe(true);
  });

  it('once the starter inputs exist, collect, render and check succeed', async () => {
    const d = tempDir();
    expect((await cli(['init'], d)).code).toBe(0);
    // Before the inputs exist, collect is a usage error naming the first missing path.
    const before = await cli(['collect'], d);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('env/environment.txt');
    for (const [from, to] of [
      ['env/environment.txt', 'env/environment.txt'],
      ['service/log/fastdeploy.log', 'logs/fastdeploy.log'],
      ['formal/benchmark_formal.json', 'benchmark/benchmark_formal.json'],
    ] as const) {
      mkdirSync(path.dirname(path.join(d, to)), { recursive: true });
      copyFileSync(path.join(stage1, from), path.join(d, to));
    }
    const collected = await cli(['collect'], d);
    expect(collected.stderr).toBe('');
    expect(collected.code).toBe(0);
    const rendered = await cli(['render'], d);
    expect(rendered.code).toBe(0);
    const c = loadConfig('rfc-evidence.yaml', d);
    expect(existsSync(path.join(c.evidenceDirAbs, 'manifest.json'))).toBe(true);
    expect(readdirSync(c.outDirAbs).filter((f) => f.endsWith('.md')).length).toBe(3);
    const checked = await cli(['check'], d);
    expect(checked.stdout).not.toMatch(/ error /);
    expect(checked.code).toBe(0);
  });
});

/**
 * The committed bundle/ is exactly what `npm run bundle` makes from the sources (uses dist/, so
 * `npm run build` first, as `npm test` does), and it runs with plain node and nothing installed:
 * copied with only what ships beside it (templates, schemas, profiles, document sets, package.json) into a
 * folder with no node_modules above it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle } from '../../src/build/bundle.js';
import { exampleConfigs, repoRoot, snapshot, tempDir, treeDiff } from '../pipeline/helpers.js';

const EXAMPLE = 'evidence/examples/metax-paddleocr-vl-stage1';

function node(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_PATH: '', NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bundle/', () => {
  it('equals a fresh build of the sources', async () => {
    const fresh = path.join(tempDir(), 'bundle');
    await bundle(fresh);
    const committed = path.join(repoRoot, 'bundle');
    const diff = treeDiff(snapshot(committed), snapshot(fresh));
    expect(diff, 'bundle/ is stale: run `npm run build && npm run bundle` and commit bundle/').toEqual([]);
  });

  it('runs with plain node and nothing installed: help, adapters, and collect + render + check of the example give the committed documents', () => {
    const root = tempDir();
    const pkg = path.join(root, 'tool');
    for (const sub of ['bundle', 'templates', 'schemas', 'profiles', 'document-sets', 'package.json']) cpSync(path.join(repoRoot, sub), path.join(pkg, sub), { recursive: true });
    // The documents as committed (they hold the author's text); every copy, manifest and chart
    // (vega runs from the bundle) is made again.
    cpSync(path.join(repoRoot, EXAMPLE), path.join(root, EXAMPLE), { recursive: true, filter: (p) => !p.includes('.rfc-evidence-cache') });
    cpSync(path.join(repoRoot, 'rfcs'), path.join(root, 'rfcs'), { recursive: true, filter: (p) => !p.includes(`${path.sep}evidence`) });
    mkdirSync(path.join(root, '.git'));
    const bin = path.join(pkg, 'bundle', 'rfc-evidence.mjs');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const help = node(root, [bin, '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: rfc-evidence');
    const adapters = node(root, [bin, 'adapters']);
    expect(adapters.stdout).toMatch(/^chrome-trace\s+kernel-profile/m);
    // Every example config (stage in zh and en, design, op-optimization), as the demo runs them.
    for (const config of exampleConfigs()) {
      for (const command of ['collect', 'render', 'check']) {
        const r = node(root, [bin, command, '--config', config]);
        expect(r.status, `${command} ${config}\n${r.stdout}${r.stderr}`).toBe(0);
      }
    }
    expect(treeDiff(snapshot(path.join(repoRoot, 'rfcs')), snapshot(path.join(root, 'rfcs')))).toEqual([]);
  });

  it('summarises a trace over the split size on two cores with its own worker (bundle/trace-worker.mjs)', () => {
    const root = tempDir();
    const pkg = path.join(root, 'tool');
    for (const sub of ['bundle', 'templates', 'schemas', 'profiles', 'document-sets', 'package.json']) cpSync(path.join(repoRoot, sub), path.join(pkg, sub), { recursive: true });
    mkdirSync(path.join(root, 'in'));
    const event = (i: number) => `{"name":"k${i % 7}","cat":"Kernel","ph":"X","ts":${i * 10},"dur":${(i % 5) + 1},"pid":1,"tid":7},\n`;
    const block = Array.from({ length: 7000 }, (_, i) => event(i)).join('');
    const trace = path.join(root, 'in', 'big.json');
    const repeats = Math.ceil((66 * 1024 * 1024) / block.length);
    writeFileSync(trace, '{"traceEvents":[\n' + block.repeat(repeats) + '{}\n]}\n');
    const fromBundle = node(root, [path.join(pkg, 'bundle', 'rfc-evidence.mjs'), 'inspect', '--json', trace]);
    const fromDist = node(root, [path.join(repoRoot, 'dist', 'cli', 'main.js'), 'inspect', '--json', trace]);
    expect(fromBundle.status, fromBundle.stderr).toBe(0);
    expect(JSON.parse(fromBundle.stdout)).toEqual(JSON.parse(fromDist.stdout));
    expect((JSON.parse(fromBundle.stdout) as { results: Array<{ record: { kernels: unknown[] } }> }).results[0]!.record.kernels).toHaveLength(7);
  });

  it('has a worker module for every worker the sources start (a missing one would fall back to one thread unnoticed)', () => {
    const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
    const started = sources(path.join(repoRoot, 'src')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/startModuleWorker\(import\.meta\.url, '([^']+)'/g)].map((m) => m[1]!));
    expect(started.sort()).toEqual(['_request-latencies-worker', 'trace-worker']);
    for (const name of started) expect(readdirSync(path.join(repoRoot, 'bundle')), name).toContain(`${name}.mjs`);
  });
});

/**
 * The Action's entry run the way the runner runs it: `node bundle/action.mjs` from the workspace,
 * inputs as INPUT_<NAME> variables (hyphens kept), the job summary file in GITHUB_STEP_SUMMARY.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot, tempDir } from '../pipeline/helpers.js';

const EXAMPLE = 'evidence/examples/metax-paddleocr-vl-stage1';
const action = YAML.parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { using: string; main: string } };

/** A workspace holding the example and its documents, as a community fork checkout would. */
function workspace(): string {
  const ws = tempDir();
  for (const sub of [EXAMPLE, 'rfcs']) cpSync(path.join(repoRoot, sub), path.join(ws, sub), { recursive: true, filter: (p) => !p.includes('.rfc-evidence-cache') });
  // A checkout is a git work tree: the project root the example's ../../../rfcs lies in.
  mkdirSync(path.join(ws, '.git'));
  return ws;
}

/** Run the entry as the runner does: every declared input present (defaults unless given). */
function runAction(ws: string, inputs: Record<string, string>) {
  const summary = path.join(ws, '..', `summary-${path.basename(ws)}.md`);
  writeFileSync(summary, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: ws, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' };
  for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default;
  const r = spawnSync(process.execPath, [path.join(repoRoot, action.runs.main)], { cwd: ws, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, 'utf8') };
}

describe('action.yml', () => {
  it('runs its own bundled entry on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'bundle/action.mjs' });
    expect(existsSync(path.join(repoRoot, action.runs.main))).toBe(true);
  });

  it('passes on the example: summary written, SARIF written, exit 0', () => {
    const ws = workspace();
    const r = runAction(ws, { 'working-directory': EXAMPLE, 'sarif-file': 'results.sarif', profile: 'hackathon10-metax-stage1' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('::error');
    expect(r.summary).toMatch(/rfc-evidence/);
    expect(r.summary).toContain('hackathon10-metax-stage1');
    const sarif = JSON.parse(readFileSync(path.join(ws, EXAMPLE, 'results.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toEqual([]);
  });

  it('annotates a broken copy, fails, and puts it in the summary and the SARIF', () => {
    const ws = workspace();
    appendFileSync(firstCsv(path.join(ws, 'rfcs/FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1')), 'edited,1,1,1,1\n');
    const r = runAction(ws, { config: `${EXAMPLE}/rfc-evidence.yaml`, 'sarif-file': 'out/results.sarif' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=rfcs\/FastDeploy\/evidence\/20260423_paddleocr_vl_metax_stage1\/.+\.csv,.*title=digest\.mismatch::/m);
    expect(r.summary).toContain('digest.mismatch');
    const sarif = JSON.parse(readFileSync(path.join(ws, 'out/results.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain('digest.mismatch');
  });

  it('a config error is a usage error (exit 2) that names it, in the log and as an annotation', () => {
    const ws = workspace();
    writeFileSync(path.join(ws, 'bad.yaml'), 'rfc:\n  title: x\noutdir: typo\n');
    const r = runAction(ws, { config: 'bad.yaml' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stdout).toMatch(/^::error file=bad\.yaml,line=3,col=1,title=config\.invalid::.*outdir/m);
  });
});

/** A published CSV copy, found through the manifest. */
function firstCsv(dir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { entries: Array<{ path: string; storage: string }> };
  return path.join(dir, manifest.entries.find((e) => e.storage === 'inline' && e.path.endsWith('.csv'))!.path);
}

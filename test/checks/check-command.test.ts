import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareTarget, loadProfile } from '../../src/profile.js';
import { evaluateProfileTarget } from '../../src/analysis/profile-target.js';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { HashCache } from '../../src/evidence/hash-cache.js';
import { readManifest } from '../../src/evidence/manifest.js';
import { buildFixture } from './_harness.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
const example = 'evidence/examples/metax-paddleocr-vl-stage1/rfc-evidence.yaml';

function io(env: Record<string, string> = {}, cwd = repo): Io & { out: string; err: string } {
  const x = {
    out: '',
    err: '',
    stdout: (s: string) => void (x.out += s),
    stderr: (s: string) => void (x.err += s),
    stderrIsTTY: false,
    stdoutIsTTY: false,
    env,
    cwd,
  };
  return x;
}

describe('check command', () => {
  it.each(['paddle-community', 'hackathon10-metax-stage1'])('the bundled example passes under %s (exit 0, no errors)', async (profile) => {
    const t = io();
    const code = await run(['check', '--config', example, '--profile', profile, '--no-cache', '--format', 'json'], t);
    const out = JSON.parse(t.out) as { diagnostics: { severity: string; id: string }[] };
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });

  it('an unknown profile is a usage error naming it (exit 2)', async () => {
    const t = io();
    expect(await run(['check', '--config', example, '--profile', 'hackathon99-nowhere', '--no-cache'], t)).toBe(2);
    expect(t.err).toContain("unknown profile 'hackathon99-nowhere'");
    expect(t.err).toContain('hackathon10-metax-stage1');
  });

  it('an invalid profile file is a usage error with the YAML line of the problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-profile-'));
    try {
      writeFileSync(path.join(dir, 'p.yaml'), 'name: mine\ndescription: x\nrequires:\n  - id: k\n    evidence: { kind: kernel-profile }\n    where: kernels.length is big\n');
      expect(() => loadProfile('p.yaml', dir)).toThrow(/invalid profile p\.yaml/);
      try {
        loadProfile('p.yaml', dir);
      } catch (e) {
        const d = (e as { diagnostics: { line?: number; pointer?: string }[] }).diagnostics;
        expect(d.map((x) => [x.pointer, x.line])).toContainEqual(['/requires/0/where', 6]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stage one fails on 3 analysed kernels, says 5 are required, exits 1, and writes the GitHub job summary', async () => {
    const fx = await buildFixture({
      description: '',
      set: 'minimal',
      findings: [],
      before: [{ file: 'profiling/kernels.csv', write: 'Kernel,Calls,Total(ms),Avg(us),%GPU\ngemm,10,5.0,500.0,50\nattn,10,3.0,300.0,30\nnorm,10,2.0,200.0,20\n' }],
    });
    try {
      const summary = path.join(fx.root, 'summary.md');
      const t = io({ GITHUB_STEP_SUMMARY: summary }, fx.root);
      expect(await run(['check', '--profile', 'hackathon10-metax-stage1', '--format', 'github'], t)).toBe(1);
      expect(t.out).toContain('::error file=rfcs/Demo/evidence/20260105_demo_stage1/manifest.json,title=profile.kernels::');
      expect(t.out).toContain('expected kernels.length >= 5 in at least 1 evidence file(s) with kind kernel-profile, found kernels.length = 3 in profiling/kernels');
      expect(readFileSync(summary, 'utf8')).toContain('## rfc-evidence check: failed');
    } finally {
      fx.cleanup();
    }
  });
});

describe('a profile metric the records lack', () => {
  it('render writes the documents saying it cannot tell; check reports a finding and exits 1; no stack trace', async () => {
    const gate = 'name: ttft-gate\ndescription: TTFT must improve\nrequires:\n  - id: ttft\n    compare:\n      metric: ttft.p99\n      improvementPct: 10\n';
    const fx = await buildFixture({
      description: '',
      set: 'compare',
      findings: [],
      before: [
        { file: 'gate.yaml', write: gate },
        { file: 'rfc-evidence.yaml', replace: '  nextSteps: 继续优化注意力。\n', with: '  nextSteps: 继续优化注意力。\n  profile: gate.yaml\n' },
      ],
    });
    try {
      const r = io({}, fx.root);
      expect(await run(['render'], r)).toBe(0);
      const report = readFileSync(path.join(fx.root, 'rfcs/Demo/20260210_demo_stage2_report_for_demo.md'), 'utf8');
      expect(report).toContain('结论：**无法判定**（baseline baseline and candidate candidate do not state "ttft.p99" (baseline baseline states nothing for ttft; candidate candidate states nothing for ttft); metrics both sides state: e2el.mean, ');
      expect(report).toContain('| ttft.p99 | - | - | - | - | - |');
      // No numbers, so no before/after chart.
      expect(report).not.toContain('charts/comparison-');
      const c = io({}, fx.root);
      expect(await run(['check'], c)).toBe(1);
      expect(c.out).toContain('error profile ttft-gate, ttft: expected ttft.p99 improvement >= 10% and significant (baseline -> candidate), cannot tell: baseline baseline and candidate candidate do not state "ttft.p99"');
      expect(r.err + c.err).not.toMatch(/\n\s+at /);
    } finally {
      fx.cleanup();
    }
  });
});

describe('profile compare target (for the report)', () => {
  it('gives the stage-two target and its verdict', async () => {
    const target = compareTarget(loadProfile('hackathon10-metax-stage2', repo))!;
    expect(target).toEqual({ requirement: 'improvement', baseline: 'benchmark.baseline', candidate: 'benchmark.candidate', metric: 'e2el.mean', improvementPct: 20, significant: true });
    expect(compareTarget(loadProfile('hackathon10-metax-stage1', repo))).toBeUndefined();
    const fx = await buildFixture({ description: '', set: 'compare', findings: [] });
    try {
      const read = readManifest(fx.config.evidenceDirAbs, 'manifest.json');
      if (!('manifest' in read)) throw new Error('no manifest');
      const v = evaluateProfileTarget(target, read.manifest);
      expect(v.decision.state).toBe('met');
      expect(v.result!.improvementPct.toFixed(2)).toBe('25.00');
    } finally {
      fx.cleanup();
    }
  });
});

describe('hash cache', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reuses an unchanged file and re-hashes a changed one, even with the same size and mtime', async () => {
    const file = path.join(dir, 'a.log');
    writeFileSync(file, 'hello world\n');
    const past = new Date('2026-01-01T00:00:00Z');
    utimesSync(file, past, past);
    const first = HashCache.forConfigDir(dir);
    expect((await first.digest(file)).sha256).toBe('a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447');
    let computed = 0;
    await first.fact(file, 'n/1', () => ++computed);
    first.save();
    expect(readFileSync(path.join(dir, '.rfc-evidence-cache', '.gitignore'), 'utf8')).toBe('*\n');

    const warm = HashCache.forConfigDir(dir);
    expect(await warm.fact(file, 'n/1', () => ++computed)).toBe(1);
    expect(computed).toBe(1);

    // Same size, mtime restored: ctime still changes, so the file is hashed again.
    writeFileSync(file, 'hello WORLD\n');
    utimesSync(file, past, past);
    expect(statSync(file).size).toBe(12);
    const after = HashCache.forConfigDir(dir);
    expect((await after.digest(file)).sha256).not.toBe('a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447');
    expect(await after.fact(file, 'n/1', () => ++computed)).toBe(2);
  });
});

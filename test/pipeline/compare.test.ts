/** compare: the JSON the README documents on latency files with known numbers, --target exit codes, manifest ids, usage errors. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompareResult } from '../../src/stats/compare.js';
import { cli, latencyJson, miniConfig, tempDir, writeTree } from './helpers.js';

/** The --json shape the README documents is the library's CompareResult. */
type CompareJson = CompareResult;

// Sequential requests: mean 500 ms vs 380 ms (-24% latency); 20 each, fully separated.
const spread = [-0.02, -0.01, 0, 0.01, 0.02];
const BASELINE = Array.from({ length: 20 }, (_, i) => 0.5 + spread[i % 5]!);
const CANDIDATE = Array.from({ length: 20 }, (_, i) => 0.38 + spread[i % 5]!);
const SLIGHTLY_BETTER = Array.from({ length: 20 }, (_, i) => 0.45 + spread[i % 5]!);

let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeTree(dir, {
    'rfc-evidence.yaml': miniConfig('  - path: bench/baseline.json\n    role: benchmark.baseline\n  - path: bench/candidate.json\n    role: benchmark.candidate'),
    'bench/baseline.json': latencyJson(BASELINE),
    'bench/candidate.json': latencyJson(CANDIDATE),
    'bench/slightly_better.json': latencyJson(SLIGHTLY_BETTER),
    'kernels.csv': 'name,calls,total_us\ngemm_bf16,10,5000\nflash_attn_decode,20,3000\n',
  });
});

const compare = (...argv: string[]) => cli(['--json', 'compare', ...argv], dir);

describe('compare', () => {
  it('two latency files: metric, means, improvement, ci95, p-value, significance', async () => {
    const r = await compare('bench/baseline.json', 'bench/candidate.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CompareJson;
    for (const key of ['metric', 'baseline', 'candidate', 'improvementPct', 'ci95', 'pValue', 'significant', 'targetPct', 'targetMet']) expect(j).toHaveProperty(key);
    expect(j.metric).toBe('e2el.mean');
    expect(j.baseline).toBeCloseTo(500, 9);
    expect(j.candidate).toBeCloseTo(380, 9);
    expect(j.improvementPct).toBeCloseTo(24, 9);
    expect(j.ci95).toHaveLength(2);
    expect(j.ci95![0]).toBeLessThan(24);
    expect(j.ci95![1]).toBeGreaterThan(24);
    expect(j.ci95![0]).toBeGreaterThan(20);
    expect(j.pValue).toBeGreaterThan(0);
    expect(j.pValue).toBeLessThan(1e-6);
    expect(j.significant).toBe(true);
    expect(j.targetPct).toBeNull();
    expect(j.targetMet).toBeNull();
    expect(j.ciMethod).toEqual({ name: 'bootstrap', resamples: 2000, seed: 42 });
  });

  it('names the interval method: bootstrap below 10,000 samples a side, asymptotic from there on', async () => {
    const big = (center: number) => Array.from({ length: 10_000 }, (_, i) => center + spread[i % 5]! + (i % 7) * 1e-4);
    writeTree(dir, { 'bench/big_base.json': latencyJson(big(0.5)), 'bench/big_cand.json': latencyJson(big(0.4)) });
    const j = JSON.parse((await compare('bench/big_base.json', 'bench/big_cand.json')).stdout) as CompareJson;
    expect(j.ciMethod).toEqual({ name: 'asymptotic', minSamples: 10_000 });
    expect(j.ci95![0]).toBeLessThan(j.improvementPct);
    const mixed = JSON.parse((await compare('bench/big_base.json', 'bench/candidate.json')).stdout) as CompareJson;
    expect(mixed.ciMethod).toEqual({ name: 'bootstrap', resamples: 2000, seed: 42 });
    const text = await cli(['compare', 'bench/big_base.json', 'bench/big_cand.json'], dir);
    expect(text.stdout).toMatch(/^95% CI {7}\[\+\d+\.\d\d%, \+\d+\.\d\d%\] \(asymptotic: normal theory and the delta method, both sides have 10,000 samples or more\)$/m);
    const small = await cli(['compare', 'bench/baseline.json', 'bench/candidate.json'], dir);
    expect(small.stdout).toMatch(/^95% CI .*\(percentile bootstrap, 2000 resamples, seed 42\)$/m);
  });

  it('a regression is a negative improvement', async () => {
    const j = JSON.parse((await compare('bench/candidate.json', 'bench/baseline.json')).stdout) as CompareJson;
    expect(j.improvementPct).toBeCloseTo(((380 - 500) / 380) * 100, 9);
  });

  it('--target +20%: exit 0 when met (24%)', async () => {
    const r = await compare('bench/baseline.json', 'bench/candidate.json', '--target', '+20%');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ targetPct: 20, targetMet: true });
  });

  it('--target +20%: exit 1 when not met (10%)', async () => {
    const r = await compare('bench/baseline.json', 'bench/slightly_better.json', '--target', '+20%');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as CompareJson;
    expect(j.improvementPct).toBeCloseTo(10, 9);
    expect(j).toMatchObject({ targetPct: 20, targetMet: false });
  });

  it('--target +25%: exit 1 although the change is significant', async () => {
    const r = await compare('bench/baseline.json', 'bench/candidate.json', '--target', '+25%');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ significant: true, targetPct: 25, targetMet: false });
  });

  it('the text report says whether the target is met', async () => {
    const r = await cli(['compare', 'bench/baseline.json', 'bench/slightly_better.json', '--target', '+20%'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^metric {7}e2el\.mean/);
    expect(r.stdout).toContain('NOT met');
  });

  it('throughput is higher-is-better', async () => {
    const r = await compare('bench/baseline.json', 'bench/candidate.json', '--metric', 'throughput.requestsPerS');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CompareJson;
    expect(j.metric).toBe('throughput.requestsPerS');
    expect(j.baseline).toBeCloseTo(20 / 10, 9);
    expect(j.candidate).toBeCloseTo(20 / 7.6, 9);
    expect(j.improvementPct).toBeCloseTo((20 / 7.6 / 2 - 1) * 100, 9);
  });

  it('the same inputs give the same bytes (fixed resampling seed)', async () => {
    const a = await compare('bench/baseline.json', 'bench/candidate.json', '--metric', 'e2el.p99');
    const b = await compare('bench/baseline.json', 'bench/candidate.json', '--metric', 'e2el.p99');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('manifest entry ids work with --config', async () => {
    expect((await cli(['collect'], dir)).code).toBe(0);
    const byFile = await compare('bench/baseline.json', 'bench/candidate.json', '--target', '+20%');
    // From another folder: ids are looked up in the manifest of the config given.
    const byId = await cli(['--json', 'compare', '--config', path.join(dir, 'rfc-evidence.yaml'), 'baseline', 'candidate', '--target', '+20%'], tempDir());
    expect(byId.stderr).toBe('');
    expect(byId.code).toBe(0);
    expect(byId.stdout).toBe(byFile.stdout);
  });

  it('an unknown manifest id is a usage error listing the ids', async () => {
    expect((await cli(['collect'], dir)).code).toBe(0);
    const r = await cli(['compare', 'nope', 'candidate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
    expect(r.stderr).toContain('baseline');
  });

  it('an unknown metric is a usage error naming it', async () => {
    for (const metric of ['e2el.p42', 'nonsense', 'ttft.mean']) {
      const r = await cli(['compare', 'bench/baseline.json', 'bench/candidate.json', '--metric', metric], dir);
      expect(r.code, metric).toBe(2);
      expect(r.stderr, metric).toContain(metric);
      expect(r.stdout, metric).toBe('');
    }
  });

  it('a malformed --target, or evidence that is not a benchmark, is a usage error', async () => {
    expect((await cli(['compare', 'bench/baseline.json', 'bench/candidate.json', '--target', 'lots'], dir)).code).toBe(2);
    const r = await cli(['compare', 'kernels.csv', 'bench/candidate.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kernels.csv');
    // Both sides are loaded at once, but when both are wrong the baseline is named, every time.
    for (let k = 0; k < 3; k++) {
      const both = await cli(['compare', 'kernels.csv', 'missing.json'], dir);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('kernels.csv');
      expect(both.stderr).not.toContain('missing.json');
    }
  });

  it('partial statistics: any metric both sides state compares; one side lacking it is named (exit 2)', async () => {
    const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'adapters', 'fastdeploy-benchmark-console', 'ok');
    const d = tempDir();
    writeTree(d, {
      // vLLM's default console: ttft/tpot/itl mean, median, p99 only; the older one adds p50/p90 and e2el.
      'new.log': readFileSync(path.join(fixtures, 'vllm_bench_serve_c8.log'), 'utf8'),
      'old.txt': readFileSync(path.join(fixtures, 'vllm_benchmark_serving_v0.6.txt'), 'utf8'),
    });
    const ok = await cli(['--json', 'compare', 'old.txt', 'new.log', '--metric', 'ttft.mean'], d);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.stdout) as CompareJson;
    expect([j.baseline, j.candidate]).toEqual([1311.86, 186.52]);
    expect(j.improvementPct).toBeCloseTo(((1311.86 - 186.52) / 1311.86) * 100, 9);
    expect(j.ci95).toBeNull();
    expect(j.note).toContain('no per-request samples');
    const lacking = await cli(['compare', 'old.txt', 'new.log', '--metric', 'ttft.p90'], d);
    expect(lacking.code).toBe(2);
    expect(lacking.stdout).toBe('');
    expect(lacking.stderr).toContain('candidate new.log does not state "ttft.p90"');
    expect(lacking.stderr).toContain('ttft.mean, ttft.median, ttft.p50, ttft.p99');
    expect(lacking.stderr).toContain('metrics both sides state:');
    const noE2el = await cli(['compare', 'new.log', 'old.txt'], d);
    expect(noE2el.code).toBe(2);
    expect(noE2el.stderr).toContain('baseline new.log does not state "e2el.mean" (baseline new.log states nothing for e2el)');
  });

  it('a file holding several runs: the run is chosen by its line (never silently the last); entry ids take `<id>:<line>`', async () => {
    const sweep = readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'adapters', 'vllm-bench-json', 'ok', 'benchmark_serving_request_rate_sweep.jsonl'), 'utf8');
    // Independently of the adapter: each line's own numbers.
    const lines = sweep.trim().split('\n').map((l) => JSON.parse(l) as { request_rate: number | string; mean_ttft_ms: number });
    const d = tempDir();
    writeTree(d, { 'sweep.jsonl': sweep, 'rfc-evidence.yaml': miniConfig('  - path: sweep.jsonl\n    role: benchmark.matrix') });
    const unchosen = await cli(['compare', 'sweep.jsonl', 'sweep.jsonl', '--metric', 'ttft.mean'], d);
    expect(unchosen.code).toBe(2);
    expect(unchosen.stderr).toContain(`sweep.jsonl holds ${lines.length} runs: line 1 (`);
    expect(unchosen.stderr).toContain('request_rate=inf');
    expect(unchosen.stderr).toContain('--baseline-run <line>');
    const chosen = await cli(['--json', 'compare', 'sweep.jsonl', 'sweep.jsonl', '--metric', 'ttft.mean', '--baseline-run', '1', '--candidate-run', '3'], d);
    expect(chosen.stderr).toBe('');
    expect(chosen.code).toBe(0);
    const j = JSON.parse(chosen.stdout) as CompareJson;
    // The runs carry per-request samples, from which the mean is recomputed: equal up to rounding.
    expect(j.baseline).toBeCloseTo(lines[0]!.mean_ttft_ms, 9);
    expect(j.candidate).toBeCloseTo(lines[2]!.mean_ttft_ms, 9);
    const missing = await cli(['compare', 'sweep.jsonl', 'sweep.jsonl', '--baseline-run', '9', '--candidate-run', '1', '--metric', 'ttft.mean'], d);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--baseline-run 9: sweep.jsonl has no run at line 9');
    const bad = await cli(['compare', 'sweep.jsonl', 'sweep.jsonl', '--baseline-run', 'x'], d);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--baseline-run x: expected the line number of a run');
    expect((await cli(['collect'], d)).code).toBe(0);
    const byId = await cli(['--json', 'compare', 'sweep:1', 'sweep:3', '--metric', 'ttft.mean'], d);
    expect(byId.stderr).toBe('');
    expect(byId.stdout).toBe(chosen.stdout);
  });
});

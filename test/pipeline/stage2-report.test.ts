/** Stage two: with benchmark.baseline and benchmark.candidate, the report shows the verdict against the profile's target. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { cli, collectAndRender, latencyJson, miniConfig, tempDir, writeTree } from './helpers.js';

const spread = [-0.02, -0.01, 0, 0.01, 0.02];
const series = (mean: number) => Array.from({ length: 20 }, (_, i) => mean + spread[i % 5]!);

async function reportFor(candidateMeanS: number): Promise<{ report: string; check: number }> {
  const dir = tempDir();
  writeTree(dir, {
    'rfc-evidence.yaml': miniConfig(
      '  - path: bench/baseline.json\n    role: benchmark.baseline\n  - path: bench/candidate.json\n    role: benchmark.candidate',
      '',
    ).replace('  version: V1.0\n', '  version: V1.0\n  profile: hackathon10-metax-stage2\n'),
    'bench/baseline.json': latencyJson(series(0.5)),
    'bench/candidate.json': latencyJson(series(candidateMeanS)),
  });
  await collectAndRender(dir, 'rfc-evidence.yaml');
  const report = readFileSync(path.join(dir, 'out', '20260102_pipeline_test_report_for_fastdeploy.md'), 'utf8');
  return { report, check: (await cli(['check', '--config', 'rfc-evidence.yaml'], dir)).code };
}

it('a 24% faster candidate meets the stage-two target of +20%', async () => {
  const { report, check } = await reportFor(0.38);
  expect(report).toContain('| e2el.mean | 0.500 s | 0.380 s | +24.0% |');
  expect(report).toContain('\ne2el.mean 的 95% 置信区间：百分位 bootstrap，2000 次重采样，固定种子。\n');
  expect(report).toMatch(/目标（hackathon10-metax-stage2）：e2el\.mean 改善 ≥ \+20\.0% 且显著；结论：\*\*达成\*\*（改善 \+24\.0%，95% 置信区间 \\\[\+2\d\.\d%, \+2\d\.\d%\\\]）。/);
  expect(check).toBe(0);
});

it('a 10% faster candidate does not, and check fails the profile', async () => {
  const { report, check } = await reportFor(0.45);
  expect(report).toContain('结论：**未达成**（改善 +10.0%');
  expect(check).toBe(1);
});

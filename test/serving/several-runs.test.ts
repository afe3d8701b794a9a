/**
 * Older vLLM `benchmark_serving.py` appends each run to its results file, one JSON object per
 * line: a request-rate sweep in one file. Every run counts (issue 11): the record keeps them all
 * in `runs`, and the documents show each as a cell of the sweep, linked to that file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, miniConfig, tempDir, writeTree } from '../pipeline/helpers.js';

const SWEEP = readFileSync(path.join(import.meta.dirname, '../fixtures/adapters/vllm-bench-json/ok/benchmark_serving_request_rate_sweep.jsonl'), 'utf8');
/** Independently of the adapter: each line's own request_throughput, as the report prints it (2 decimals). */
const RATES = SWEEP.trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { request_rate: number | string; request_throughput: number; mean_ttft_ms: number });

async function collectAndRender(role: string): Promise<{ dir: string; report: string; stderr: string }> {
  const dir = tempDir();
  writeTree(dir, { 'runs/rate_sweep.jsonl': SWEEP, 'rfc-evidence.yaml': miniConfig(`  - path: runs/rate_sweep.jsonl\n    role: ${role}`) });
  const c = await cli(['collect'], dir);
  expect(c.code, c.stderr).toBe(0);
  const r = await cli(['render'], dir);
  expect(r.code, r.stderr).toBe(0);
  const file = readdirSync(path.join(dir, 'out')).find((f) => f.includes('_report_'))!;
  return { dir, report: readFileSync(path.join(dir, 'out', file), 'utf8'), stderr: c.stderr + c.stdout };
}

function section(report: string, heading: RegExp): string {
  const start = report.search(heading);
  expect(start).toBeGreaterThan(-1);
  const rest = report.slice(start);
  const end = rest.slice(3).search(/^## /m);
  return end === -1 ? rest : rest.slice(0, end + 3);
}

describe('a results file with one run per line', () => {
  it('as the matrix: one row per run, by request_rate (1, 4, inf), each linked to the file', async () => {
    const { report, stderr } = await collectAndRender('benchmark.matrix');
    expect(stderr).not.toContain('several-records');
    const s = section(report, /^## 5\. /m);
    const rows = s.split('\n').filter((l) => /^\| request_rate/.test(l));
    expect(rows).toHaveLength(3);
    RATES.forEach((run, i) => {
      expect(rows[i]).toContain(`request_rate=${run.request_rate}`);
      expect(rows[i]).toContain(`| ${run.request_throughput.toFixed(2)} |`);
      expect(rows[i]).toContain(`| ${run.mean_ttft_ms.toFixed(2)} |`);
      // The link names the file the run came from (one manifest entry, not one per run).
      expect(rows[i]).toMatch(/\[rate_sweep[^\]]*\]\([^)]*rate_sweep\.jsonl\)/);
    });
    // The fastest run is the best configuration.
    expect(rows[2]).toContain('★');
    expect(report).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b/);
  });

  it('as the formal benchmark: every run is shown, not only the last', async () => {
    const { report } = await collectAndRender('benchmark.formal');
    const s = section(report, /^## 6\. /m);
    for (const run of RATES) expect(s).toContain(`request_rate=${run.request_rate}`);
  });

  it('the record keeps every run with its line; the manifest has one entry for the file', async () => {
    const { dir } = await collectAndRender('benchmark.matrix');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out/evidence/20260102_pipeline_test/manifest.json'), 'utf8')) as { entries: { id: string; record?: { runs?: { line: number; params: Record<string, unknown> }[] } }[] };
    const entries = manifest.entries.filter((e) => e.id.startsWith('rate_sweep'));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.record?.runs?.map((r) => [r.line, r.params.request_rate])).toEqual([
      [1, 1],
      [2, 4],
      [3, 'inf'],
    ]);
  });
});

/**
 * The same loss in the console form: a terminal log of a concurrency sweep holds one
 * `Serving Benchmark Result` block per run. Each block is a run of its own, read independently
 * here from the fixture's text.
 */
describe('a console log with several summary blocks', () => {
  const LOG = readFileSync(path.join(import.meta.dirname, '../fixtures/adapters/fastdeploy-benchmark-console/ok/sweep_concurrency_1_4.txt'), 'utf8');
  const lines = LOG.split('\n');
  const blocks = lines.flatMap((l, i) => (/=+ Serving Benchmark Result =+/.test(l) ? [i] : []));
  const value = (from: number, label: string) => lines.slice(from).find((l) => l.startsWith(label))!.slice(label.length).trim();

  it('keeps every block as a run, with its header line, and shows each as a matrix row', async () => {
    expect(blocks).toHaveLength(2);
    const dir = tempDir();
    writeTree(dir, { 'runs/sweep.log': LOG, 'rfc-evidence.yaml': miniConfig('  - path: runs/sweep.log\n    role: benchmark.matrix') });
    const c = await cli(['collect'], dir);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr + c.stdout).not.toContain('several-summaries');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out/evidence/20260102_pipeline_test/manifest.json'), 'utf8')) as { entries: { id: string; record?: { runs?: { line: number; params: Record<string, unknown>; throughput: { requestsPerS: number } }[] } }[] };
    const runs = manifest.entries.find((e) => e.id.startsWith('sweep'))!.record!.runs!;
    expect(runs.map((r) => r.line)).toEqual(blocks.map((i) => i + 1));
    expect(runs.map((r) => r.params.max_concurrency)).toEqual(blocks.map((i) => Number(lines[i - 3]!.split(':')[1])));
    expect(runs.map((r) => r.throughput.requestsPerS)).toEqual(blocks.map((i) => Number(value(i, 'Request throughput (req/s):'))));

    const r = await cli(['render'], dir);
    expect(r.code, r.stderr).toBe(0);
    const file = readdirSync(path.join(dir, 'out')).find((f) => f.includes('_report_'))!;
    const rows = section(readFileSync(path.join(dir, 'out', file), 'utf8'), /^## 5\. /m)
      .split('\n')
      .filter((l) => /^\| max_concurrency/.test(l));
    expect(rows).toHaveLength(2);
    blocks.forEach((i, k) => expect(rows[k]).toContain(`| ${Number(value(i, 'Request throughput (req/s):')).toFixed(2)} |`));
  });
});

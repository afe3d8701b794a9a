/**
 * A saved `/metrics` scrape: the kind's key numbers, computed here independently from the
 * fixture's text (FastDeploy's per-process gauges, vLLM's per-reason counters), and what collect
 * writes to the manifest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapter } from '../../src/adapters/prometheus-metrics.js';
import { artifactFromText } from '../../src/evidence/artifact.js';
import { kind } from '../../src/kinds/service-metrics.js';
import type { ServiceMetrics } from '../../src/records.js';
import { cli, miniConfig, tempDir, writeTree } from '../pipeline/helpers.js';

const dir = path.join(import.meta.dirname, '../fixtures/adapters/prometheus-metrics/ok');
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');

/** Sum of the values of every sample line of one metric name, read by regex from the text. */
function total(text: string, name: string): number {
  return [...text.matchAll(new RegExp(`^${name.replace(/[:]/g, '\\:')}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
}

async function summary(file: string) {
  const r = await adapter.parse(artifactFromText(file, read(file)));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return kind.summarize(r.record as ServiceMetrics);
}

describe('service metrics summary', () => {
  it('FastDeploy: gauges added over processes, KV use as a percentage, latency means from sum / count', async () => {
    const t = read('fastdeploy_metrics.txt');
    const s = await summary('fastdeploy_metrics.txt');
    expect(s.framework).toBe('fastdeploy');
    expect(s.running).toBe(total(t, 'fastdeploy:num_requests_running'));
    expect(s.kvCacheUsagePct).toBe(Number((100 * total(t, 'fastdeploy:gpu_cache_usage_perc')).toFixed(2)));
    expect(s.requestsSucceeded).toBe(total(t, 'fastdeploy:request_success_total'));
    const mean = (h: string) => Number(((1000 * total(t, `${h}_sum`)) / total(t, `${h}_count`)).toFixed(1));
    expect(s.ttftMeanMs).toBe(mean('fastdeploy:time_to_first_token_seconds'));
    expect(s.tpotMeanMs).toBe(mean('fastdeploy:time_per_output_token_seconds'));
    expect(s.e2elMeanMs).toBe(mean('fastdeploy:e2e_request_latency_seconds'));
  });

  it('vLLM: counters added over finish reasons, newer kv_cache_usage_perc name, _created left out', async () => {
    const t = read('vllm_metrics.prom');
    const s = await summary('vllm_metrics.prom');
    expect(s.framework).toBe('vllm');
    expect([s.running, s.waiting]).toEqual([total(t, 'vllm:num_requests_running'), total(t, 'vllm:num_requests_waiting')]);
    expect(s.kvCacheUsagePct).toBe(100 * total(t, 'vllm:kv_cache_usage_perc'));
    expect(s.requestsSucceeded).toBe(total(t, 'vllm:request_success_total'));
    const r = (await adapter.parse(artifactFromText('m.prom', t))).record as ServiceMetrics;
    expect(r.samples.some((x) => x.name.endsWith('_created'))).toBe(false);
    expect(r.histograms.map((h) => h.name)).toEqual(['vllm:time_to_first_token_seconds', 'vllm:e2e_request_latency_seconds']);
  });

  it('vLLM with two engines: requests add up over engines, KV use is the fullest engine\'s; unprefixed exporter series do not hide the framework', async () => {
    const t = read('vllm_two_engines.txt');
    const s = await summary('vllm_two_engines.txt');
    expect(s.framework).toBe('vllm');
    expect(s.running).toBe(total(t, 'vllm:num_requests_running'));
    expect(s.waiting).toBe(total(t, 'vllm:num_requests_waiting'));
    const kv = [...t.matchAll(/^vllm:kv_cache_usage_perc\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
    expect(kv.length).toBeGreaterThan(1);
    expect(s.kvCacheUsagePct).toBe(100 * Math.max(...kv));
    expect(s.requestsSucceeded).toBe(total(t, 'vllm:request_success_total'));
    expect(s.generationTokens).toBe(total(t, 'vllm:generation_tokens_total'));
  });

  it('NaN stays a string in the record and never reaches the summary as a number', async () => {
    const r = (await adapter.parse(artifactFromText('m.txt', read('openmetrics_scrape.txt')))).record as ServiceMetrics;
    expect(r.samples.find((x) => x.name === 'fastdeploy:first_token_latency')?.value).toBe('NaN');
    expect(JSON.stringify(kind.summarize(r))).not.toMatch(/NaN|null/);
  });

  it('collect: detected by content, role log, the key numbers in the manifest', async () => {
    const d = tempDir();
    writeTree(d, { 'server/metrics.txt': read('fastdeploy_metrics.txt'), 'rfc-evidence.yaml': miniConfig('  - path: server/metrics.txt') });
    const c = await cli(['collect'], d);
    expect(c.code, c.stderr).toBe(0);
    const m = JSON.parse(readFileSync(path.join(d, 'out/evidence/20260102_pipeline_test/manifest.json'), 'utf8')) as { entries: { kind: string; role: string; summary: Record<string, unknown> }[] };
    const e = m.entries.find((x) => x.kind === 'service-metrics')!;
    expect(e.role).toBe('log');
    expect(e.summary).toMatchObject({ framework: 'fastdeploy', requestsSucceeded: 70 });
  });

  it.each([
    ['zh', '', ['成功请求 70；', '平均 TTFT 313.8 ms；', 'KV 缓存使用 5.47%；', '采集时运行中 0 个请求；', '等待 0 个请求；']],
    ['en', 'language: en', ['70 requests succeeded;', 'mean TTFT 313.8 ms;', 'KV cache in use 5.47%;', '0 running when scraped;', '0 waiting;']],
  ])('render (%s): the report\'s service section states the scrape\'s key numbers, a stated 0 included', async (_lang, extra, expected) => {
    const d = tempDir();
    const rfcExtra = extra ? `  ${extra}` : '';
    writeTree(d, { 'server/metrics.txt': read('fastdeploy_metrics.txt'), 'rfc-evidence.yaml': miniConfig('  - path: server/metrics.txt').replace('  version: V1.0\n', `  version: V1.0\n${rfcExtra ? rfcExtra + '\n' : ''}`) });
    for (const command of ['collect', 'render']) {
      const r = await cli([command], d);
      expect(r.code, r.stderr).toBe(0);
    }
    const report = readFileSync(path.join(d, 'out', readdirSync(path.join(d, 'out')).find((f) => f.includes('_report_'))!), 'utf8');
    const line = report.split('\n').find((l) => l.includes('/metrics'))!;
    // Independently: the scrape's numbers (see the summary test above for how each is computed).
    for (const e of expected) expect(line).toContain(e);
    expect(report).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b/);
  });
});

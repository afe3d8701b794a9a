/**
 * Regression cases of issue 11 ("real evidence, nothing lost"): one per case, on self-written
 * fixtures that mirror the real tools' output. The per-adapter harness (adapters.test.ts)
 * checks the exact records; here each case's point is asserted on its own: which adapter
 * claims the file, the numbers that used to be lost, and the diagnostic that says what happened.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAdapter } from '../src/adapters/registry.js';
import { openArtifact } from '../src/evidence/artifact.js';
import { parseArtifact } from '../src/evidence/parse-file.js';
import type { GpuSamples, KernelProfile, PythonProfile, ServiceLog, ServingBenchmark } from '../src/records.js';

const fixture = (adapter: string, kind: 'ok' | 'bad', file: string) => path.join(import.meta.dirname, 'fixtures', 'adapters', adapter, kind, file);

async function read(adapter: string, kind: 'ok' | 'bad', file: string) {
  const input = await openArtifact(fixture(adapter, kind, file), file);
  const claimedBy = (await chooseAdapter(input))?.id;
  const parsed = await parseArtifact(input);
  const ids = parsed.diagnostics.map((d) => d.id);
  return { claimedBy, parsed, ids, record: parsed.record };
}

describe('issue 11 regressions', () => {
  it('1. partial statistics: what the console states is kept, the rest absent, each marked stated', async () => {
    const { record, parsed } = await read('fastdeploy-benchmark-console', 'ok', 'bench_c8_metax_c500.log');
    const r = record as ServingBenchmark;
    expect(parsed.valid).toBe(true);
    expect(r.latency.ttft).toMatchObject({ mean: 182.41, median: 176.05, p99: 361.77, n: 198, stated: ['mean', 'median', 'p50', 'p99'] });
    expect(r.latency.ttft).not.toHaveProperty('std');
    expect(r.latency.ttft).not.toHaveProperty('max');
    expect(Object.keys(r.latency).sort()).toEqual(['itl', 'tpot', 'ttft']);
  });

  it('1. FastDeploy --save-result: stated p99.9 and tpot (no samples for it) are kept', async () => {
    const { record } = await read('fastdeploy-benchmark-json', 'ok', 'openai-chat-infqps-concurrency8-PaddleOCR-VL-20260422-141502.json');
    const r = record as ServingBenchmark;
    expect(r.latency.tpot?.stated).toEqual(expect.arrayContaining(['mean', 'median', 'std', 'p99']));
    expect(r.latency.ttft?.percentiles?.['99.9']).toBeTypeOf('number');
    expect(r.latency.tpot).not.toHaveProperty('max');
  });

  it('2. older vLLM JSON-lines (`request_goodput:`, "inf", no `failed`) is read as vLLM, failures from `errors`', async () => {
    const { claimedBy, record, ids } = await read('vllm-bench-json', 'ok', 'benchmark_serving_v0.6_append.jsonl');
    expect(claimedBy).toBe('vllm-bench-json');
    const r = record as ServingBenchmark;
    expect(r.tool).toBe('vllm-bench-serve');
    expect(r.params.request_rate).toBe('inf');
    expect(r.requests).toEqual({ total: 6, succeeded: 4, failed: 2 });
    // Both runs of the file are kept, each with its line; none is dropped with a warning.
    expect(r.runs?.map((run) => [run.line, run.params.max_concurrency, run.requests.failed])).toEqual([
      [1, 1, 0],
      [2, 4, 2],
    ]);
    expect(ids).not.toContain('vllm-bench-json.several-records');
  });

  it('2. older vLLM console (no `Failed requests:`) is labelled vLLM', async () => {
    const { record, ids } = await read('fastdeploy-benchmark-console', 'ok', 'vllm_benchmark_serving_v0.6.txt');
    expect((record as ServingBenchmark).tool).toBe('vllm-bench-serve');
    expect(ids).toContain('fastdeploy-benchmark-console.failures-unknown');
  });

  it('3. `Total token throughput` (current vLLM) is read whatever its capitalisation', async () => {
    const { record } = await read('fastdeploy-benchmark-console', 'ok', 'vllm_bench_serve_c8.log');
    expect((record as ServingBenchmark).throughput.totalTokensPerS).toBe(1229.4);
  });

  it('4. dmon without an `fb` column: utilisation kept, memory absent, a warning says why', async () => {
    const { record, parsed, ids } = await read('nvidia-smi-dmon', 'ok', 'dmon_plain_h100_no_fb.log');
    const r = record as GpuSamples;
    expect(parsed.valid).toBe(true);
    expect(r.utilization).toEqual({ avgPct: 81.5, maxPct: 100 });
    expect(r.memory).toEqual({});
    expect(ids).toContain('nvidia-smi-dmon.no-memory');
  });

  it('4. pmon is refused, saying it is pmon and what to run', async () => {
    const { claimedBy, parsed } = await read('nvidia-smi-dmon', 'bad', 'pmon_two_workers.log');
    expect(claimedBy).toBe('nvidia-smi-dmon');
    expect(parsed.valid).toBe(false);
    const d = parsed.diagnostics.find((x) => x.id === 'nvidia-smi-dmon.pmon')!;
    expect(d.message).toContain('nvidia-smi pmon');
    expect(d.hint).toContain('nvidia-smi dmon -s um');
  });

  it("5. Kernel Summary: the profiler's Ratio(%) is kept, and the table saved alone is read", async () => {
    const { claimedBy, record, parsed } = await read('paddle-profiler-summary', 'ok', 'kernel_table_copied_alone.txt');
    expect(claimedBy).toBe('paddle-profiler-summary');
    expect(parsed.valid).toBe(true);
    const top = (record as KernelProfile).kernels[0]!;
    // 3120.45 ms of 12802.44 ms printed would be 24.37 %; the profiler printed 12.97 % of the GPU time.
    expect(top.pct).toBe(12.97);
  });

  it('6. a bare trace array without `]` is read; cut mid-event it is still an error with its position', async () => {
    const ok = await read('chrome-trace', 'ok', 'metax_tracer_streaming.json');
    expect(ok.parsed.valid).toBe(true);
    expect(ok.ids).toContain('chrome-trace.open-ended');
    expect((ok.record as KernelProfile).kernels.map((k) => k.calls)).toEqual([2, 1, 1]);
    const bad = await read('chrome-trace', 'bad', 'metax_tracer_cut_mid_event.json');
    expect(bad.parsed.valid).toBe(false);
    expect(bad.parsed.diagnostics[0]).toMatchObject({ id: 'json.syntax', line: 5 });
  });

  it('6. a CPU-only trace reports no kernels (its nested CPU spans are neither kernels nor counted twice)', async () => {
    const { record, ids } = await read('chrome-trace', 'ok', 'python_cpu_only_trace.json');
    expect((record as KernelProfile).kernels).toEqual([]);
    expect(ids).toContain('chrome-trace.cpu-only');
  });

  it('7. an ERROR printed after a progress bar in a saved terminal is counted', async () => {
    const { record } = await read('fastdeploy-log', 'ok', 'workerlog.3');
    const r = record as ServiceLog;
    expect(r.errors).toBe(1);
    expect(r.warnings).toBe(1);
    expect(r.events.map((e) => e.code)).toContain('kv.blocks-negative');
  });

  it("8. py-spy dump: a function's line is its own frame's", async () => {
    const { record } = await read('py-spy-dump', 'ok', 'pyspy_dump_nested_forward.txt');
    const forward = (record as PythonProfile).functions.find((f) => f.name === 'forward')!;
    expect(forward.line).toBe(318);
  });

  it('9. a JSON kernel table named *trace* is `other`, valid; a truncated .json benchmark is an error with line and column', async () => {
    const table = await read('other', 'ok', 'kernel_trace_top3.json');
    expect(table.claimedBy).toBe('other');
    expect(table.parsed.valid).toBe(true);
    const cut = await read('other', 'bad', 'benchmark_formal_cut.json');
    expect(cut.parsed.valid).toBe(false);
    expect(cut.parsed.diagnostics[0]).toMatchObject({ id: 'json.syntax', line: 10, column: 19 });
  });

  it("1. FastDeploy's own metrics (S_TTFT, S_ITL, S_E2EL) and every printed percentile are kept", async () => {
    const { record } = await read('fastdeploy-benchmark-console', 'ok', 'fd_pd_c16_all_metrics.log');
    const r = record as ServingBenchmark;
    expect(r.tool).toBe('fastdeploy-benchmark-serving');
    expect(r.latency.serverTtft).toMatchObject({ mean: 198.02, p95: 290.03, percentiles: { '80': 236.2, '99.9': 371.88 } });
    expect(r.latency.serverE2el?.p99).toBe(8401.55);
    expect(r.latency.ttft?.percentiles).toEqual({ '80': 288.1, '99.9': 455.1 });
  });

  it('9. a file claimed on its name alone whose content is another thing is `other`, valid, with a warning', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-name-'));
    try {
      const file = path.join(dir, 'gpu_dmon_notes.txt');
      writeFileSync(file, 'dmon 采样在 12:00 开始，压测结束后手动停止。\nGPU 0 负载偏高，GPU 1 空闲。\n');
      const input = await openArtifact(file, 'gpu_dmon_notes.txt');
      expect((await chooseAdapter(input))?.id).toBe('nvidia-smi-dmon');
      const parsed = await parseArtifact(input);
      expect(parsed).toMatchObject({ kind: 'other', valid: true });
      expect(parsed.diagnostics[0]).toMatchObject({ id: 'input.name-only', severity: 'warning' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

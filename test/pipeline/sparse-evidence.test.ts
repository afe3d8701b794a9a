/**
 * Documents from sparse, real-world evidence: partial statistics (vLLM's default console), a run
 * where every request failed, a sweep of several runs, GPU samples without memory, a CPU-only
 * trace. Every template of both languages renders without `null`, `undefined` or `NaN`, shows
 * `-` where a statistic is absent, and keeps the headline serving numbers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectAndRender, miniConfig, tempDir, writeTree } from './helpers.js';

const fx = (adapter: string, file: string, kind = 'ok') => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'adapters', adapter, kind, file));

const INPUTS: [string, string, Buffer][] = [
  ['benchmark.formal', 'bench/vllm_console_c8.log', fx('fastdeploy-benchmark-console', 'vllm_bench_serve_c8.log')],
  ['benchmark.formal', 'bench/all_failed.json', fx('fastdeploy-benchmark-json', 'openai-chat-infqps-concurrency8-PaddleOCR-VL-20260421-160212.json')],
  ['log', 'bench/error_output.txt', fx('fastdeploy-error-output', 'error_output.txt')],
  ['benchmark.matrix', 'matrix/c1.txt', fx('fastdeploy-benchmark-console', 'vllm_benchmark_serving_v0.6.txt')],
  ['benchmark.matrix', 'matrix/c8.log', fx('fastdeploy-benchmark-console', 'vllm_bench_serve_c8.log')],
  ['benchmark.matrix', 'matrix/failed.json', fx('fastdeploy-benchmark-json', 'openai-chat-infqps-concurrency8-PaddleOCR-VL-20260421-160212.json')],
  ['profiling.gpu', 'profiling/dmon.log', fx('nvidia-smi-dmon', 'dmon_plain_h100_no_fb.log')],
  ['profiling.trace', 'profiling/cpu_trace.json', fx('chrome-trace', 'python_cpu_only_trace.json')],
  ['profiling.kernels', 'profiling/kernels.txt', fx('paddle-profiler-summary', 'kernel_table_copied_alone.txt')],
];

const docs: Record<string, { file: string; text: string }[]> = {};

beforeAll(async () => {
  for (const lang of ['zh', 'en']) {
    const dir = tempDir();
    const inputs = INPUTS.map(([role, p]) => `  - path: ${p}\n    role: ${role}`).join('\n');
    writeTree(dir, {
      'rfc-evidence.yaml': miniConfig(inputs).replace('  version: V1.0\n', `  version: V1.0\n  language: ${lang}\n`),
      ...Object.fromEntries(INPUTS.map(([, p, data]) => [p, data])),
    });
    await collectAndRender(dir, 'rfc-evidence.yaml');
    const out = path.join(dir, 'out');
    docs[lang] = readdirSync(out)
      .filter((f) => f.endsWith('.md'))
      .map((f) => ({ file: f, text: readFileSync(path.join(out, f), 'utf8') }));
  }
}, 60_000);

describe.each(['zh', 'en'])('sparse evidence, %s', (lang) => {
  it('renders every document without null, undefined or NaN', () => {
    expect(docs[lang]!.length).toBe(3);
    for (const d of docs[lang]!) {
      for (const word of ['null', 'undefined', 'NaN', '[object Object]']) expect(d.text, `${word} in ${d.file}`).not.toContain(word);
    }
  });

  it('shows the serving numbers the console states, and - for those it does not', () => {
    const report = docs[lang]!.find((d) => d.file.includes('_report_'))!.text;
    // vLLM's default console: mean, median, P99 of TTFT; no std, P90, P95 or max.
    expect(report).toContain('| TTFT | 62 | 186.52 | 171.09 | - | - | - | 402.77 | - | - |');
    expect(report).toContain('| TPOT | - | 12.47 | 12.40 | - | - | - | 14.96 | - | - |');
    expect(report).toContain('1229.40 tok/s');
  });

  it('shows the all-failed run as such, with why', () => {
    const report = docs[lang]!.find((d) => d.file.includes('_report_'))!.text;
    expect(report).toContain(lang === 'zh' ? '**全部请求失败**' : '**Every request failed**');
    expect(report).toContain('24 × aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host 127.0.0.1:8180');
    expect(report).toMatch(lang === 'zh' ? /✗ 全部失败/ : /✗ all failed/);
    // The error file written next to the results is cited with it.
    expect(report).toMatch(lang === 'zh' ? /错误输出 \[bench\/error_output\]\([^)]*error_output\.txt\)：4 个失败请求，首个：aiohttp/ : /Error output \[bench\/error_output\]\([^)]*error_output\.txt\): 4 failed requests, the first: aiohttp/);
  });

  it('gives each sweep (runs naming other parameters) its own table, and no best of one run', () => {
    const report = docs[lang]!.find((d) => d.file.includes('_report_'))!.text;
    const sweep = lang === 'zh' ? '扫描' : 'Sweep';
    expect(report.match(new RegExp(`\\*\\*${sweep} \\d\\*\\*`, 'g'))).toHaveLength(3);
    expect(report).not.toContain('★');
    // Two formal runs are two paragraphs, not one.
    expect(report).toMatch(/\n\n(?:证据|Evidence) \[bench\/vllm_console_c8\]/);
  });

  it('says a CPU-only trace has no kernels instead of drawing an empty table', () => {
    const report = docs[lang]!.find((d) => d.file.includes('_report_'))!.text;
    expect(report).toContain(lang === 'zh' ? '没有 GPU kernel 事件' : 'no GPU kernel events');
    expect(report).not.toMatch(lang === 'zh' ? /共 0 个 kernel/ : /0 kernels/);
  });

  it('says GPU memory was not sampled rather than printing a number it does not have', () => {
    const summary = docs[lang]!.find((d) => d.file.includes('_exec_summary_'))!.text;
    expect(summary).toContain(lang === 'zh' ? '显存未采集' : 'memory not sampled');
    expect(summary).not.toContain('- MiB');
  });
});

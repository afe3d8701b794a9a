/** inspect: the --json shape the README documents, exit 1 on an invalid file, positions for truncated JSON, `other` for the unknown. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, examplesDir, tempDir } from './helpers.js';

interface Result {
  path: string;
  kind: string | null;
  tool: string | null;
  valid: boolean;
  record: Record<string, unknown> | null;
  diagnostics: { id: string; severity: string; file?: string; line?: number; column?: number; message: string }[];
}
const results = (stdout: string) => (JSON.parse(stdout) as { results: Result[] }).results;

const formalText = readFileSync(path.join(examplesDir, 'metax-paddleocr-vl-stage1/formal/benchmark_formal.json'), 'utf8');

/** The formal benchmark cut in the middle of a number; returns the 1-based position of its end. */
function truncatedFormal(dir: string): { file: string; line: number; column: number } {
  const mark = '"latency_s": 0.365';
  const cut = formalText.indexOf(mark) + mark.length - 2;
  const text = formalText.slice(0, cut);
  writeFileSync(path.join(dir, 'benchmark_formal.json'), text);
  return { file: 'benchmark_formal.json', line: text.split('\n').length, column: text.length - text.lastIndexOf('\n') };
}

describe('inspect', () => {
  it('--json prints {"results":[{path, kind, tool, valid, record, diagnostics}]} and nothing else', async () => {
    const r = await cli(['--json', 'inspect', 'formal/benchmark_formal.json', 'profiling/kernel_summary.csv'], path.join(examplesDir, 'metax-paddleocr-vl-stage1'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['results']);
    const [formal, kernels] = results(r.stdout);
    for (const key of ['path', 'kind', 'tool', 'valid', 'record', 'diagnostics']) {
      expect(formal).toHaveProperty(key);
      expect(kernels).toHaveProperty(key);
    }
    expect(formal).toMatchObject({ path: 'formal/benchmark_formal.json', kind: 'serving-benchmark', tool: 'request-latencies', valid: true, diagnostics: [] });
    expect(formal!.record).toMatchObject({ kind: 'serving-benchmark', tool: 'request-latencies', requests: { total: 70, succeeded: 70, failed: 0 } });
    expect(kernels).toMatchObject({ path: 'profiling/kernel_summary.csv', kind: 'kernel-profile', tool: 'kernel-csv', valid: true, diagnostics: [] });
    const ks = (kernels!.record as { kernels: { totalUs: number }[] }).kernels;
    expect(ks.length).toBeGreaterThanOrEqual(8);
    expect(ks.map((k) => k.totalUs)).toEqual([...ks.map((k) => k.totalUs)].sort((a, b) => b - a));
  });

  it('a truncated JSON input: exit 1, a diagnostic with line and column where the text ends', async () => {
    const d = tempDir();
    const t = truncatedFormal(d);
    const r = await cli(['--json', 'inspect', t.file], d);
    expect(r.code).toBe(1);
    const [res] = results(r.stdout);
    expect(res).toMatchObject({ path: t.file, valid: false, record: null });
    expect(res!.diagnostics).toEqual([expect.objectContaining({ id: 'json.syntax', severity: 'error', file: t.file, line: t.line, column: t.column })]);
    expect(res!.diagnostics[0]!.message).toContain('end of input');
  });

  it('text output names the truncated file as file:line:col', async () => {
    const d = tempDir();
    const t = truncatedFormal(d);
    const r = await cli(['inspect', t.file], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^benchmark_formal\.json: INVALID /);
    expect(r.stderr).toContain(`${t.file}:${t.line}:${t.column}: error`);
  });

  it('exit 1 when one of several files is invalid; every file still gets its result, in order', async () => {
    const d = tempDir();
    const t = truncatedFormal(d);
    writeFileSync(path.join(d, 'ok.json'), JSON.stringify({ requests: [{ latency_s: 0.5 }, { latency_s: 0.7 }] }));
    const r = await cli(['--json', 'inspect', 'ok.json', t.file, 'missing.log'], d);
    expect(r.code).toBe(1);
    const rs = results(r.stdout);
    expect(rs.map((x) => [x.path, x.valid])).toEqual([
      ['ok.json', true],
      [t.file, false],
      ['missing.log', false],
    ]);
    expect((rs[0]!.record as { latency: { e2el: { mean: number } } }).latency.e2el.mean).toBeCloseTo(600, 9);
    expect(rs[2]!.diagnostics).toEqual([expect.objectContaining({ severity: 'error', file: 'missing.log' })]);
  });

  it('an unknown file is kind `other`, valid, exit 0', async () => {
    const d = tempDir();
    writeFileSync(path.join(d, 'scratch.xyz'), 'reminder: ask about the C500 driver version\n');
    const r = await cli(['--json', 'inspect', 'scratch.xyz'], d);
    expect(r.code).toBe(0);
    const [res] = results(r.stdout);
    expect(res).toMatchObject({ path: 'scratch.xyz', kind: 'other', valid: true, diagnostics: [] });
    expect(res!.record).toMatchObject({ kind: 'other' });
  });

  it('--kind forces a kind; a file that does not fit it is invalid', async () => {
    const d = tempDir();
    writeFileSync(path.join(d, 'scratch.txt'), 'not a gpu sample\n');
    const r = await cli(['--json', 'inspect', '--kind', 'gpu-samples', 'scratch.txt'], d);
    expect(r.code).toBe(1);
    const [res] = results(r.stdout);
    expect(res!.valid).toBe(false);
    expect(res!.diagnostics.length).toBeGreaterThan(0);
  });
});

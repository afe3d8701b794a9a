/** Leftovers a re-render must handle: a document saved with a UTF-8 BOM, charts of evidence that is gone. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, latencyJson, linesWithId, miniConfig, tempDir, writeTree } from '../pipeline/helpers.js';

describe('a document with a BOM', () => {
  it('is read (regions found), written back with the BOM, and never gets a second copy of its regions', async () => {
    const d = tempDir();
    writeTree(d, { 'runs/formal.json': latencyJson([0.5, 0.6]), 'rfc-evidence.yaml': miniConfig('  - path: runs/formal.json\n    role: benchmark.formal') });
    expect((await cli(['collect'], d)).code).toBe(0);
    expect((await cli(['render'], d)).code).toBe(0);
    const report = path.join(d, 'out', readdirSync(path.join(d, 'out')).find((f) => f.includes('_report_'))!);
    const fresh = readFileSync(report, 'utf8');
    const authored = `\uFEFF${fresh.replace('## 1. 背景与目标', '## 1. 背景与目标\n\n作者写的背景。')}`;
    writeFileSync(report, authored);
    // New evidence changes a region: render updates it in place.
    writeTree(d, { 'runs/formal.json': latencyJson([0.5, 0.6, 0.9]) });
    expect((await cli(['collect'], d)).code).toBe(0);
    const r = await cli(['render'], d);
    expect(r.code, r.stderr).toBe(0);
    const after = readFileSync(report, 'utf8');
    expect(after.startsWith('\uFEFF')).toBe(true);
    expect(after.slice(1).startsWith('\uFEFF')).toBe(false);
    expect(after).toContain('作者写的背景。');
    const begins = (t: string) => t.match(/^<!-- rfc-evidence:begin /gm)?.length ?? 0;
    expect(begins(after)).toBe(begins(fresh));
    expect(after).not.toBe(authored);
    // A second render changes nothing.
    expect((await cli(['render'], d)).stdout).not.toMatch(/updated|created/);
    const checked = await cli(['check'], d);
    expect(linesWithId(checked.stdout + checked.stderr, 'regions.broken')).toEqual([]);
  });
});

describe('charts of evidence that is gone', () => {
  it('are removed by the next render unless edited by hand', async () => {
    const d = tempDir();
    writeTree(d, {
      'runs/formal.json': latencyJson([0.5, 0.6, 0.7]),
      'runs/gpu.jsonl': '{"t": 0.0, "gpu": 0, "util_pct": 91, "mem_used_mib": 51234}\n{"t": 0.5, "gpu": 0, "util_pct": 95, "mem_used_mib": 51240}\n',
      'rfc-evidence.yaml': miniConfig('  - path: runs/formal.json\n    role: benchmark.formal\n  - path: runs/gpu.jsonl\n    role: profiling.gpu'),
    });
    expect((await cli(['collect'], d)).code).toBe(0);
    expect((await cli(['render'], d)).code).toBe(0);
    const charts = path.join(d, 'out/evidence/20260102_pipeline_test/charts');
    const before = readdirSync(charts).sort();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const gpuChart = before.find((f) => f.startsWith('gpu-'))!;
    const latencyChart = before.find((f) => f.startsWith('latency-'))!;
    // The latency chart is edited by hand: it is not ours to delete any more.
    writeFileSync(path.join(charts, latencyChart), readFileSync(path.join(charts, latencyChart), 'utf8').replace('<svg', '<svg data-edited="1"'));
    writeFileSync(path.join(d, 'rfc-evidence.yaml'), miniConfig('  - path: runs/other.json\n    role: log'));
    writeTree(d, { 'runs/other.json': latencyJson([0.4]) });
    expect((await cli(['collect'], d)).code).toBe(0);
    const r = await cli(['render'], d);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${gpuChart}: removed`);
    expect(readdirSync(charts)).toEqual([latencyChart]);
  });
});

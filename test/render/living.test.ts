import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { findRegions } from '../../src/markdown/regions.js';
import { loadManifestFor, planRender, writePlan } from '../../src/render/render.js';
import { tempPathFor } from '../../src/util/fs.js';
import { LATENCIES, project } from './project.js';

const CONCLUSION = '## 11. 结论\n\n';
const PROSE = '作者结论：吞吐稳定。\r\n\r\n| 自定义 | 表格 |\n| --- | --- |\n| a | 1 |\n\n<!-- 作者备注 -->\n\n';
const slower = LATENCIES.map((l) => Number((l * 1.1).toFixed(3)));

describe('render on existing documents', () => {
  it('gives byte-identical documents for unchanged evidence', async () => {
    const p = await project();
    expect((await p.cli('render')).code).toBe(0);
    const first = p.docs();
    const again = await p.cli('render');
    expect(again.code).toBe(0);
    expect(again.stdout.match(/: unchanged\n/g)).toHaveLength(3);
    expect(p.docs()).toEqual(first);
  }, 60_000);

  it('updates the numbers, prints what changed, and keeps the prose byte for byte', async () => {
    const p = await project();
    await p.cli('render');
    const report = p.doc('report').replace(CONCLUSION, CONCLUSION + PROSE);
    writeFileSync(p.file('report'), report);
    await p.rerun(slower);
    const r = await p.cli('render');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('out/20260423_demo_stage1_report_for_fastdeploy.md: updated (formal');
    expect(r.stdout).toContain('  formal  全部 · 平均 (s): 0.355 -> 0.391 (+10.1%)\n');
    expect(r.stdout).toContain('  formal  全部 · 最大 (s): 0.410 -> 0.451 (+10.0%)\n');
    expect(p.doc('report')).toContain(CONCLUSION + PROSE);
    const outside = (t: string) => findRegions(t).regions.reduceRight((s, g) => s.slice(0, g.start) + g.id + s.slice(g.end), t);
    expect(outside(p.doc('report'))).toBe(outside(report));
    const check = await p.cli('check', '--format', 'json');
    expect(JSON.parse(check.stdout).diagnostics.filter((d: { id: string }) => d.id.startsWith('documents.') || d.id.startsWith('regions.'))).toEqual([]);
  }, 60_000);

  it('refuses hand-edited regions naming each one, changes nothing, and --force restores them keeping the prose', async () => {
    const p = await project();
    await p.cli('render');
    const report = p.doc('report').replace(CONCLUSION, CONCLUSION + PROSE).replace('| 全部 | - | 12 | 0.355 |', '| 全部 | - | 12 | 0.300 |');
    const summary = p.doc('exec_summary').replace('平均 0.355 s', '平均 0.300 s');
    writeFileSync(p.file('report'), report);
    writeFileSync(p.file('exec_summary'), summary);
    await p.rerun(slower);
    const before = p.docs();
    const refused = await p.cli('render');
    expect(refused.code).toBe(1);
    const line = (t: string, id: string) => findRegions(t).regions.find((r) => r.id === id)!.line;
    expect(refused.stderr).toContain(`out/20260423_demo_stage1_report_for_fastdeploy.md:${line(report, 'formal')}:1: error region 'formal' was edited by hand`);
    expect(refused.stderr).toContain(`out/20260423_demo_stage1_exec_summary_for_fastdeploy.md:${line(summary, 'summary.key-numbers')}:1: error region 'summary.key-numbers' was edited by hand`);
    expect(refused.stderr).toContain('render refused: nothing was written');
    expect(p.docs()).toEqual(before);
    const check = await p.cli('check', '--format', 'json');
    const ids = JSON.parse(check.stdout).diagnostics.map((d: { id: string; file: string; line: number }) => `${d.id} ${d.file}:${d.line}`);
    expect(ids).toContain(`regions.hand-edited out/20260423_demo_stage1_report_for_fastdeploy.md:${line(report, 'formal')}`);
    expect(ids).toContain(`documents.current.stale out/20260423_demo_stage1_evidence_manifest_for_fastdeploy.md:${line(before['20260423_demo_stage1_evidence_manifest_for_fastdeploy.md']!, 'manifest.entries') + 3}`);

    const forced = await p.cli('render', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("region 'formal' was edited by hand (its content no longer matches the recorded sha256); overwritten (--force)");
    expect(p.doc('report')).toContain(CONCLUSION + PROSE);
    expect(p.doc('report')).toContain('| 全部 | - | 12 | 0.391 |');
    expect((await p.cli('render')).stdout.match(/: unchanged\n/g)).toHaveLength(3);
  }, 60_000);

  it('keeps a deleted region deleted and check warns about it', async () => {
    const p = await project();
    await p.cli('render');
    const report = p.doc('report');
    const g = findRegions(report).regions.find((r) => r.id === 'profiling.gpu')!;
    writeFileSync(p.file('report'), report.slice(0, g.start) + '本节不适用。' + report.slice(g.end));
    await p.rerun(slower);
    const r = await p.cli('render');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`out/20260423_demo_stage1_report_for_fastdeploy.md:3:1: warning region 'profiling.gpu' was deleted from the document; render keeps it deleted`);
    expect(findRegions(p.doc('report')).regions.map((x) => x.id)).not.toContain('profiling.gpu');
    expect(p.doc('report')).toContain('本节不适用。');
    const check = await p.cli('check', '--format', 'json');
    expect(JSON.parse(check.stdout).diagnostics.filter((d: { id: string }) => d.id === 'regions.deleted')).toMatchObject([{ severity: 'warning', line: 3 }]);
  }, 60_000);

  it('--bump raises the version in every document and logs the changed numbers with the configured date', async () => {
    const p = await project('  revisionDate: "2026-05-02"\n');
    await p.cli('render');
    await p.rerun(slower);
    const r = await p.cli('render', '--bump');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('version V1.0 -> V1.1');
    for (const d of ['report', 'exec_summary', 'evidence_manifest'] as const) expect(p.doc(d)).toContain('| 版本号 | V1.1 |');
    const log = findRegions(p.doc('report')).regions.find((x) => x.id === 'changelog')!.content.split('\n');
    expect(log[0]).toBe('- V1.0（2026-04-23）：首次发布。');
    expect(log[1]).toBe('- V1.1（2026-05-02）：以下数字随证据更新：');
    expect(log).toContain('  - 正式 Benchmark 全部 · 平均 (s)：0.355 → 0.391（+10.1%）');
    // The version lives in the documents: a plain render keeps it, and the config is untouched.
    const again = await p.cli('render');
    expect(again.stdout.match(/: unchanged\n/g)).toHaveLength(3);
    expect(loadConfig(path.join(p.dir, 'rfc-evidence.yaml')).rfc.version).toBe('V1.0');
    const second = await p.cli('render', '--bump');
    expect(second.stdout.split('\n')[0]).toBe('version V1.1 -> V1.2');
    expect(findRegions(p.doc('exec_summary')).regions.find((x) => x.id === 'changelog')!.content.split('\n').at(-1)).toBe('- V1.2（2026-05-02）：证据无变化。');
  }, 60_000);

  it('--bump without a date from config or evidence is a usage error naming the key', async () => {
    const p = await project();
    await p.cli('render');
    const r = await p.cli('render', '--bump');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rfc-evidence.yaml#/rfc/revisionDate: error render --bump needs the date of the new version and the evidence states none: set rfc.revisionDate (YYYY-MM-DD)');
  }, 60_000);

  it('leaves the previous documents intact when a crash is injected between writes', async () => {
    const p = await project();
    await p.cli('render');
    const before = p.docs();
    await p.rerun(slower);
    const config = loadConfig(path.join(p.dir, 'rfc-evidence.yaml'));
    const plan = await planRender(config, loadManifestFor(config));
    expect(plan.documents.filter((d) => d.text !== d.previous)).toHaveLength(3);
    let renamed = 0;
    expect(() =>
      writePlan(plan, {
        beforeRename: (file) => {
          if (file.endsWith('.md') && ++renamed === 2) throw new Error('injected crash');
        },
      }),
    ).toThrow('injected crash');
    expect(p.docs()).toEqual(before);
    expect(readdirSync(path.join(p.dir, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
    // A SIGKILL between write and rename leaves a temporary file behind: the next write removes it.
    writeFileSync(tempPathFor(plan.documents[0]!.file), 'partial');
    writePlan(plan);
    expect(readdirSync(path.join(p.dir, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(p.doc('report')).toContain('| 全部 | - | 12 | 0.391 |');
  }, 60_000);
});

/**
 * A document is in one language: render in another language refuses (exit 2) and names the
 * reason, `--start-over` replaces the documents with fresh ones in the new language, and check
 * reports a document whose headings lack what a render of the same evidence writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyRepoExample, snapshot, stage1Config, treeDiff } from './helpers.js';

const report = 'rfcs/FastDeploy/20260423_paddleocr_vl_metax_stage1_report_for_fastdeploy.md';

describe('render --lang on documents of the other language', () => {
  it('refuses with exit 2, names each document and the way out, and writes nothing', async () => {
    const root = copyRepoExample();
    const before = snapshot(path.join(root, 'rfcs'));
    const r = await cli(['render', '--lang', 'en', '--config', stage1Config], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${report}:3:1: error document is written in 'zh', not 'en'`);
    expect(r.stderr).toContain('--start-over');
    expect(r.stderr).toContain('render refused: nothing was written');
    expect(treeDiff(before, snapshot(path.join(root, 'rfcs')))).toEqual([]);
  });

  it('--start-over rewrites them in the new language (headings, regions and record), and check then says so', async () => {
    const root = copyRepoExample();
    const r = await cli(['render', '--lang', 'en', '--start-over', '--config', stage1Config], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${report}: rewritten`);
    const text = readFileSync(path.join(root, report), 'utf8');
    expect(text).toContain('<!-- rfc-evidence:regions lang=en meta ');
    expect(text).toContain('## 2. Environment and versions');
    expect(text).not.toContain('## 2. 环境与版本');
    // The config still says zh: check names the mismatch instead of reporting stale regions.
    const checked = await cli(['check', '--config', stage1Config], root);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("document is written in 'en', not 'zh'");
    expect(checked.stdout).not.toContain('documents.stale');
  });
});

describe('check: the author-owned skeleton', () => {
  it('reports a heading a fresh render writes that the committed document lacks', async () => {
    const root = copyRepoExample();
    const file = path.join(root, report);
    writeFileSync(file, readFileSync(file, 'utf8').replace('## 14. 变更记录\n\n', ''));
    const checked = await cli(['check', '--config', stage1Config], root);
    expect(checked.stdout).toMatch(/warning expected the heading '## 14\. 变更记录' that a render of this evidence writes, found none \(it belongs after line \d+\) \[skeleton\.missing-heading\]/);
    // Regions are intact, so the document is otherwise current: a warning, not a failure.
    expect(checked.code).toBe(0);
  });
});

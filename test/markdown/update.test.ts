import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarkdownParser } from '../../src/markdown/parse.js';
import { findRegions, regionDigest } from '../../src/markdown/regions.js';
import { updateDocument } from '../../src/markdown/update.js';
import { contents, freshDoc, type Ev } from './docs.js';

// These tests call the tree-reading functions directly, outside render and check.
beforeAll(() => loadMarkdownParser());

const EV1: Ev = { mean: 0.355, p95: 0.405, rps: 2.03, rows: [0.5, 0.6] };
const EV2: Ev = { mean: 0.32, p95: 0.364, rps: 2.04, rows: [0.5, 0.55] };

const region = (doc: string, id: string) => findRegions(doc).regions.find((r) => r.id === id);

describe('updateDocument', () => {
  it('writes the regions record under the title on first render', () => {
    const doc = freshDoc(EV1);
    expect(doc.split('\n').slice(0, 4)).toEqual(['# 测试报告', '', '<!-- rfc-evidence:regions meta formal matrix gpu -->', '']);
    expect(findRegions(doc).record).toMatchObject({ ids: ['meta', 'formal', 'matrix', 'gpu'], line: 3 });
  });

  it('replaces region contents and digests only, and reports where each changed region first differs', () => {
    const doc = freshDoc(EV1).replace('## 4. 结论\n\n（待作者补充）', '## 4. 结论\n\n结论：吞吐 2.03 req/s 已达标。');
    const u = updateDocument(doc, freshDoc(EV2));
    expect(u.blocked).toBe(false);
    expect(u.changed.map((c) => c.id)).toEqual(['formal', 'matrix', 'gpu']);
    const formal = region(doc, 'formal')!;
    expect(u.changed[0]).toMatchObject({ id: 'formal', line: formal.line + 1, before: contents(EV1).formal, after: contents(EV2).formal });
    expect(u.changed[1]!.line).toBe(region(doc, 'matrix')!.line + 2);
    expect(u.text).toBe(freshDoc(EV2).replace('## 4. 结论\n\n（待作者补充）', '## 4. 结论\n\n结论：吞吐 2.03 req/s 已达标。'));
    expect(updateDocument(u.text, freshDoc(EV2)).text).toBe(u.text);
  });

  it('inserts a region the document never had after what precedes it in the template, and records it', () => {
    const old = freshDoc(EV1, ['meta', 'formal']).replace('<!-- rfc-evidence:regions meta formal -->', '<!-- rfc-evidence:regions meta formal -->');
    const withProse = old.replace('### 3.1 GPU 利用率\n\n', '### 3.1 GPU 利用率\n\n作者的分析：利用率偏低。\n\n');
    const u = updateDocument(withProse, freshDoc(EV1));
    expect(u.inserted).toEqual([
      { id: 'matrix', line: region(withProse, 'formal')!.line + contents(EV1).formal.split('\n').length + 1 },
      { id: 'gpu', line: withProse.split('\n').indexOf('### 3.1 GPU 利用率') + 1 },
    ]);
    expect(u.text).toBe(freshDoc(EV1).replace('### 3.1 GPU 利用率\n\n', '### 3.1 GPU 利用率\n\n').replace(/(<!-- rfc-evidence:end id=gpu -->\n)/, '$1\n作者的分析：利用率偏低。\n'));
  });

  it('keeps a region the author deleted deleted, and says so', () => {
    const doc = freshDoc(EV1);
    const g = region(doc, 'gpu')!;
    const deleted = doc.slice(0, g.start) + '这里不需要 GPU 数据。' + doc.slice(g.end);
    const u = updateDocument(deleted, freshDoc(EV2));
    expect(u.deleted).toEqual(['gpu']);
    expect(u.inserted).toEqual([]);
    expect(u.recordLine).toBe(3);
    expect(u.text).toContain('### 3.1 GPU 利用率\n\n这里不需要 GPU 数据。\n\n## 4. 结论');
    expect(region(u.text, 'gpu')).toBeUndefined();
  });

  it('treats a document without a record as never having had the regions it lacks', () => {
    const doc = freshDoc(EV1).replace('<!-- rfc-evidence:regions meta formal matrix gpu -->\n\n', '');
    const g = region(doc, 'gpu')!;
    const u = updateDocument(doc.slice(0, g.start) + doc.slice(g.end + 2), freshDoc(EV1));
    expect(u.inserted.map((i) => i.id)).toEqual(['gpu']);
    expect(u.text).toBe(freshDoc(EV1));
  });

  it('refuses a hand-edited region unless forced; forcing restores it and keeps the prose', () => {
    const doc = freshDoc(EV1).replace('## 4. 结论\n\n（待作者补充）', '## 4. 结论\n\n作者结论。');
    const edited = doc.replace('| 全部 | 0.355 |', '| 全部 | 0.300 |');
    const u = updateDocument(edited, freshDoc(EV2));
    expect(u.blocked).toBe(true);
    expect(u.handEdited).toEqual([{ id: 'formal', line: region(doc, 'formal')!.line, message: "region 'formal' was edited by hand (its content no longer matches the recorded sha256)" }]);
    const forced = updateDocument(edited, freshDoc(EV2), { force: true });
    expect(forced.blocked).toBe(false);
    expect(forced.text).toBe(freshDoc(EV2).replace('## 4. 结论\n\n（待作者补充）', '## 4. 结论\n\n作者结论。'));
  });

  it('blocks on broken markers whatever force says, changing nothing', () => {
    const doc = freshDoc(EV1).replace('<!-- rfc-evidence:end id=matrix -->\n', '');
    const u = updateDocument(doc, freshDoc(EV2), { force: true });
    expect(u.blocked).toBe(true);
    expect(u.problems[0]!.message).toBe("region 'matrix' is not closed before region 'gpu' begins");
    expect(u.text).toBe(doc);
  });

  it('keeps each region in its own line endings, and prose in CRLF byte for byte', () => {
    const lf = freshDoc(EV1);
    const f = region(lf, 'formal')!;
    const crlfFormal = lf.slice(f.start, f.end).replace(/\n/g, '\r\n');
    const doc = lf.slice(0, f.start) + crlfFormal + lf.slice(f.end).replace('## 4. 结论', '作者：\r\n第二行\r\n\r\n## 4. 结论');
    const u = updateDocument(doc, freshDoc(EV2));
    const nf = region(u.text, 'formal')!;
    expect(u.text.slice(nf.start, nf.end)).toBe(freshDoc(EV2).slice(region(freshDoc(EV2), 'formal')!.start, region(freshDoc(EV2), 'formal')!.end).replace(/\n/g, '\r\n'));
    expect(nf.recordedSha256).toBe(regionDigest(contents(EV2).formal));
    expect(u.text).toContain('作者：\r\n第二行\r\n\r\n## 4. 结论');
  });

  it('leaves a region the template no longer has alone, and ignores markers in code blocks', () => {
    const doc = freshDoc(EV1).replace('## 4. 结论', '```md\n<!-- rfc-evidence:begin id=gpu sha256=' + '0'.repeat(64) + ' -->\n```\n\n## 4. 结论');
    const u = updateDocument(doc, freshDoc(EV2, ['meta', 'formal', 'matrix']));
    expect(u.blocked).toBe(false);
    expect(region(u.text, 'gpu')!.content).toBe(contents(EV1).gpu);
    expect(u.text).toContain('```md\n<!-- rfc-evidence:begin id=gpu sha256=' + '0'.repeat(64) + ' -->\n```');
  });
});

/** The skeleton check reads headings line by line only where that gives what remark gives. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { headingsByLines, headingsByTree } from '../../src/checks/skeleton.js';
import { loadMarkdownParser } from '../../src/markdown/parse.js';
import { repoRoot } from '../render/charts-helpers.js';

beforeAll(loadMarkdownParser);

describe('headings of a document', () => {
  it('by lines equal the tree for every committed document', () => {
    const rfcs = path.join(repoRoot, 'rfcs');
    const docs = readdirSync(rfcs).flatMap((p) => readdirSync(path.join(rfcs, p)).filter((f) => f.endsWith('.md')).map((f) => readFileSync(path.join(rfcs, p, f), 'utf8')));
    expect(docs.length).toBeGreaterThanOrEqual(8);
    for (const d of docs) {
      const lines = headingsByLines(d);
      expect(lines).toBeDefined();
      expect(lines).toEqual(headingsByTree(d));
    }
  });

  it('leave to remark what lines cannot tell: setext headings, fences, inline code in a heading', () => {
    expect(headingsByLines('# T\n\n变更记录\n---\n')).toBeUndefined();
    expect(headingsByLines('# T\n\n```sh\n# not a heading\n```\n')).toBeUndefined();
    expect(headingsByLines('# T\n\n## 3. `patch` 说明\n')).toBeUndefined();
    expect(headingsByTree('# T\n\n变更记录\n---\n').map((h) => h.text)).toEqual(['# T', '## 变更记录']);
    expect(headingsByLines('# T\n\n| a |\n| --- |\n\n## 2. 环境 ##\n')).toEqual([
      { key: '# T', text: '# T', line: 1 },
      { key: '## 2. 环境', text: '## 2. 环境', line: 6 },
    ]);
  });
});

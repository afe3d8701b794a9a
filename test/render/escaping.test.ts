/**
 * Values reaching Markdown are escaped for where they land: file names of any Unicode in links
 * and tables, parameters with pipes, HTML and comment markers, a title with a line break. The
 * documents keep their regions, re-render without change, and check finds every link.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { altText, headingText, inlineCode, inlineText, linkUrl, tableCell } from '../../src/render/escape.js';
import { cli, latencyJson, linesWithId, miniConfig, tempDir, writeTree } from '../pipeline/helpers.js';

describe('escape functions', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<!-- rfc-evidence:end id=meta -->', '&lt;!-- rfc-evidence:end id=meta --&gt;'],
    ['line\nbreak\r\nhere', 'line break here'],
    ['[x](http://e)', '\\[x\\](http://e)'],
    ['a`b', 'a\\`b'],
    ['`tick`', '`tick`'],
    ['run `cmd <file> | tee` then <b>', 'run `cmd <file> \\| tee` then &lt;b&gt;'],
    ['`<!-- rfc-evidence:end id=meta -->`', '`<!-- rfc-evidence:end id=meta -->`'],
    ['user:***@host', 'user:***@host'],
  ])('inlineText(%j)', (value, expected) => {
    expect(inlineText(value)).toBe(expected);
    expect(inlineText(inlineText(value))).toBe(expected);
    expect(tableCell(expected)).toBe(expected.trim());
  });
  it('code spans survive backticks, pipes and line breaks', () => {
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(inlineCode('a|b\nc')).toBe('`a\\|b c`');
  });
  it('headings, alt text and URLs', () => {
    expect(headingText('# Title\n<b>x</b>')).toBe('\\# Title &lt;b&gt;x&lt;/b&gt;');
    expect(altText('')).toBe('-');
    expect(linkUrl('evidence/in/run notes (1).md')).toBe('evidence/in/run%20notes%20%281%29.md');
    expect(linkUrl('evidence/a|b`<c.md')).toBe('evidence/a%7Cb%60%3Cc.md');
    expect(linkUrl('evidence/运行记录.md')).toBe('evidence/运行记录.md');
  });
});

describe('hostile names and values through collect, render and check', () => {
  it('file names of any Unicode, parameters with markup, a title with a line break', async () => {
    const d = tempDir();
    mkdirSync(path.join(d, '.git'));
    const params = { backend: 'a|b', note: '<script>alert(1)</script>', marker: '<!-- rfc-evidence:end id=benchmark.formal -->', tick: 'x`y' };
    writeTree(d, {
      'in/run notes (1).md': 'notes\n',
      'in/运行记录.md': '记录\n',
      'in/a|b`<c>.md': 'odd\n',
      'in/formal [x].json': JSON.stringify({ ...JSON.parse(latencyJson([0.5, 0.6, 0.7])), params }, null, 2),
      'rfc-evidence.yaml': miniConfig('  - glob: "in/*.md"\n    role: note\n  - path: "in/formal [x].json"\n    role: benchmark.formal').replace('  title: 测试任务', '  title: "测试任务\\n<!-- rfc-evidence:begin id=x --> | x"'),
    });
    const collected = await cli(['collect'], d);
    expect(collected.stderr).not.toContain('internal error');
    expect(collected.code).toBe(0);
    const first = await cli(['render'], d);
    expect(first.code, first.stderr).toBe(0);
    const docs = readdirSync(path.join(d, 'out')).filter((f) => f.endsWith('.md'));
    expect(docs).toHaveLength(3);
    for (const f of docs) {
      const text = readFileSync(path.join(d, 'out', f), 'utf8');
      expect(text).not.toContain('<script>');
      // Only the tool's own markers are comments: as many begins as ends, none from a value.
      const begins = text.match(/^<!-- rfc-evidence:begin /gm)?.length ?? 0;
      expect(text.match(/^<!-- rfc-evidence:end /gm)?.length).toBe(begins);
      expect(text).not.toMatch(/<!-- rfc-evidence:begin id=x/);
      expect(text.split('\n')[0]).toMatch(/^# 测试任务 &lt;!-- rfc-evidence:begin id=x --&gt; \\\| x/);
    }
    const manifestDoc = readFileSync(path.join(d, 'out', docs.find((f) => f.includes('evidence_manifest'))!), 'utf8');
    expect(manifestDoc).toContain('(evidence/20260102_pipeline_test/run%20notes%20%281%29.md)');
    expect(manifestDoc).toContain('(evidence/20260102_pipeline_test/a%7Cb%60%3Cc%3E.md)');
    expect(manifestDoc).toContain('(evidence/20260102_pipeline_test/运行记录.md)');
    // A second render changes nothing; check resolves every link and finds no broken region.
    const second = await cli(['render'], d);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/updated|created/);
    const checked = await cli(['check'], d);
    const out = checked.stdout + checked.stderr;
    for (const id of ['links.broken', 'links.anchor', 'regions.broken', 'regions.hand-edited', 'manifest-coverage.entry-missing', 'manifest-coverage.unlisted-link']) expect(linesWithId(out, id), id).toEqual([]);
  });

  it('a backslash in a POSIX file name publishes as _ (ids match the schema); a control character in a name is refused, not a crash', async () => {
    const d = tempDir();
    mkdirSync(path.join(d, '.git'));
    writeTree(d, {
      'in/a\\b.md': 'backslash\n',
      'in/a_b.md': 'underscore\n',
      'in/new\nline.md': 'forged\n',
      'in/tab\tname.md': 'tab\n',
      'rfc-evidence.yaml': miniConfig('  - glob: "in/*.md"\n    role: note'),
    });
    const collected = await cli(['collect'], d);
    expect(collected.stderr).not.toContain('internal error');
    expect(collected.code).toBe(1);
    expect(linesWithId(collected.stderr, 'input.file-name')).toHaveLength(2);
    // A name with a line break never starts a line of the report.
    expect(collected.stderr.split('\n').some((l) => l.startsWith('line.md'))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(d, 'out/evidence/20260102_pipeline_test/manifest.json'), 'utf8')) as { entries: { id: string; path: string; source: string }[] };
    expect(manifest.entries.map((e) => [e.id, e.path, e.source])).toEqual([
      ['a_b', 'a_b.md', 'in/a\\b.md'],
      ['a_b-2', 'a_b-2.md', 'in/a_b.md'],
    ]);
    expect(readdirSync(path.join(d, 'out/evidence/20260102_pipeline_test')).sort()).toEqual(['a_b-2.md', 'a_b.md', 'manifest-sha256.txt', 'manifest.json']);
    expect((await cli(['render'], d)).code).toBe(0);
    const checked = await cli(['check'], d);
    for (const id of ['links.broken', 'manifest-coverage.unlisted-file', 'manifest.schema']) expect(linesWithId(checked.stdout + checked.stderr, id), id).toEqual([]);
  });
});

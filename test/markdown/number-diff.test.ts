import { describe, expect, it } from 'vitest';
import { diffNumbers } from '../../src/markdown/number-diff.js';
import { bumpVersion, changelogEntries, maxVersion, metaVersion } from '../../src/markdown/versions.js';

describe('diffNumbers', () => {
  it('pairs table rows by their label and compares numbers position by position', () => {
    const before = ['| # | Kernel | Total(ms) |', '| ---: | --- | ---: |', '| 1 | `gemm_8x` | 33.5 |', '| 2 | `attn` | 20.0 |'].join('\n');
    const after = ['| # | Kernel | Total(ms) |', '| ---: | --- | ---: |', '| 1 | `attn` | 40.0 |', '| 2 | `gemm_8x` | 33.5 |'].join('\n');
    expect(diffNumbers(before, after)).toEqual({
      changes: [
        { label: 'attn · #', old: '2', new: '1', deltaPct: -50, line: 2 },
        { label: 'attn · Total(ms)', old: '20.0', new: '40.0', deltaPct: 100, line: 2 },
        { label: 'gemm_8x · #', old: '1', new: '2', deltaPct: 100, line: 3 },
      ],
      linesAdded: 0,
      linesRemoved: 0,
    });
  });

  it('labels prose numbers by the words before them and ignores versions, dates, identifiers and code', () => {
    const before = '共 70 个请求，失败 0，吞吐 1.34 req/s；平均 0.355 s [0.336, 0.374]。\nV1.0 2026-04-23 paddle 3.4.0 seqs8 `123` [a](x/run_01.json)';
    const after = '共 70 个请求，失败 2，吞吐 1.40 req/s；平均 0.355 s [0.330, 0.374]。\nV1.1 2026-05-02 paddle 3.5.0 seqs16 `456` [a](x/run_02.json)';
    expect(diffNumbers(before, after)).toEqual({
      changes: [
        { label: '失败', old: '0', new: '2', line: 0 },
        { label: '吞吐', old: '1.34', new: '1.40', deltaPct: expect.closeTo(4.4776, 3), line: 0 },
        { label: '平均 #2', old: '0.336', new: '0.330', deltaPct: expect.closeTo(-1.7857, 3), line: 0 },
      ],
      linesAdded: 0,
      linesRemoved: 0,
    });
  });

  it('pairs matrix rows by their first cell, names the key of key=value cells, counts unpaired lines', () => {
    const before = ['| len \\ seqs | 4 | 8 |', '| --- | --- | --- |', '| 8192 | 0.5 / 1.7 | 0.6 / 1.8 |', '| 16384 | 0.7 / 1.9 | 0.8 / 2.0 |', '', '| 证据 | 关键数据 |', '| --- | --- |', '| formal | `abc123` n=70, mean=355.1 |'].join('\n');
    const after = ['| len \\ seqs | 4 | 8 |', '| --- | --- | --- |', '| 16384 | 0.7 / 1.9 | 0.8 / 2.1 |', '| 32768 | 0.9 / 2.2 | 1.0 / 2.3 |', '', '| 证据 | 关键数据 |', '| --- | --- |', '| formal | `def456` n=70, mean=336.4 |'].join('\n');
    expect(diffNumbers(before, after)).toEqual({
      changes: [
        { label: '16384 · 8 (2/2)', old: '2.0', new: '2.1', deltaPct: expect.closeTo(5, 6), line: 2 },
        { label: 'formal · mean', old: '355.1', new: '336.4', deltaPct: expect.closeTo(-5.2661, 3), line: 7 },
      ],
      linesAdded: 1,
      linesRemoved: 1,
    });
  });
  it('reads numbers inside escaped brackets (an interval) and keeps the backslash out of labels', () => {
    const d = diffNumbers('平均 0.528 s \\[0.476, 0.582\\]', '平均 0.528 s \\[0.480, 0.582\\]');
    expect(d.changes).toEqual([{ label: '平均 #2', old: '0.476', new: '0.480', deltaPct: expect.closeTo(0.84, 2), line: 0 }]);
  });
});

describe('versions', () => {
  it('bumps, compares and reads versions from the metadata table and the change log', () => {
    expect(bumpVersion('V1.0')).toBe('V1.1');
    expect(bumpVersion('V1.9')).toBe('V1.10');
    expect(maxVersion('V1.0', 'V1.10', undefined, 'V1.9')).toBe('V1.10');
    expect(metaVersion('| 任务名称 | x |\n| --- | --- |\n| 版本号 | V1.2 |')).toBe('V1.2');
    expect(changelogEntries('- V1.0（2026-04-23）：首次发布。\n- V1.1 (2026-05-02): numbers changed:\n  - `formal` x: 1 → 2')).toEqual([
      { version: 'V1.0', date: '2026-04-23' },
      { version: 'V1.1', date: '2026-05-02' },
    ]);
  });

  it('takes v1.0 as community PRs write it too, and keeps the letter as written', () => {
    expect(bumpVersion('v1.0')).toBe('v1.1');
    expect(maxVersion('v1.0', 'v1.2', 'v1.1')).toBe('v1.2');
    expect(metaVersion('| 版本号 | v1.2 |')).toBe('v1.2');
    expect(changelogEntries('- v1.0 (2026-04-23): first.')).toEqual([{ version: 'v1.0', date: '2026-04-23' }]);
  });
});

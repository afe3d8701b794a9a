/**
 * The one-page summary a reviewer accepts: the author's conclusion, risks and next steps around
 * generated key numbers and patch summary; no table row without a value, whatever evidence is
 * missing; a 说明 that describes the document, not the tool.
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/evidence/manifest.js';
import { planRender } from '../../src/render/render.js';
import { example } from '../render/charts-helpers.js';

const summaryOf = async (config: Parameters<typeof planRender>[0], manifest: Manifest) => (await planRender(config, manifest)).documents.find((d) => d.doc === 'exec_summary')!.text;
const emptyCell = /^\|.*\|[ \t]*\|/m;

describe('one-page summary', () => {
  it('has 结论, 补丁概要, 关键数据, 风险 and 下一步, with the patch notes and no empty cell', async () => {
    const { config, manifest } = example();
    // The row the issue reported is what emptyCell finds.
    expect('| 服务跑通 |  | |').toMatch(emptyCell);
    const text = await summaryOf(config, manifest);
    expect(text.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## 1. 结论', '## 2. 补丁概要', '## 3. 关键数据', '## 4. 风险', '## 5. 下一步', '## 6. 文档', '## 7. 变更记录']);
    expect(text).toContain('共修改 4 个文件，新增 40 行，删除 5 行；必需 2 个，兜底 2 个。');
    expect(text).toContain('- `fastdeploy/config.py`（兜底）：在 MACA 上对 PaddleOCR-VL 关闭 CUDAGraph，并打印一条警告');
    expect(text).toContain(config.rfc.risks!.split('\n')[0]);
    expect(text).not.toMatch(emptyCell);
    expect(text).not.toContain('rfc-evidence 从证据生成');
  });

  it('leaves out rows whose evidence is missing (service logs without health check or request, an environment with no field)', async () => {
    const { config, manifest } = example();
    const entries = manifest.entries
      .filter((e) => e.role !== 'service.health' && e.role !== 'request.single')
      .map((e) => (e.role === 'environment' && e.record ? { ...e, record: { kind: 'environment' } } : e)) as Manifest['entries'];
    const text = await summaryOf({ ...config, patchNotes: {} }, { ...manifest, entries });
    expect(text).not.toContain('| 服务跑通 |');
    expect(text).not.toContain('| 环境 |');
    expect(text).toContain('| 正式 benchmark |');
    expect(text).not.toMatch(emptyCell);
    // Without notes, the patch summary says what is missing instead of an empty line.
    expect(text).toContain('；4 个文件尚无说明。');
    expect(text).toContain('- `fastdeploy/config.py`：（待作者补充改动说明）');
  });
});

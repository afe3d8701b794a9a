import { tidyMarkdown } from '../../src/render/engine.js';
import { wrapRegion } from '../../src/markdown/regions.js';
import { withRegionRecord } from '../../src/markdown/update.js';

/** Evidence for the synthetic template: a few numbers. */
export interface Ev {
  mean: number;
  p95: number;
  rps: number;
  rows: number[];
}

/** Region contents for the synthetic template, following the evidence. */
export function contents(ev: Ev): Record<string, string> {
  return {
    meta: '| 任务名称 | 测试 |\n| --- | --- |\n| 版本号 | V1.0 |',
    formal: `共 ${ev.rows.length} 个请求，吞吐 ${ev.rps.toFixed(2)} req/s。\n\n| 阶段 | 平均 (s) | P95 (s) |\n| --- | ---: | ---: |\n| 全部 | ${ev.mean.toFixed(3)} | ${ev.p95.toFixed(3)} |`,
    matrix: ev.rows.length ? ev.rows.map((r, i) => `- 配置 ${i + 1}：${r.toFixed(3)} s`).join('\n') : '未提供。',
    gpu: `平均利用率 ${(ev.mean * 100).toFixed(1)}%。`,
  };
}

/**
 * A fresh render of a small report-shaped template: a title, a metadata region, numbered
 * sections, two regions under one heading, and author sections without regions.
 */
export function freshDoc(ev: Ev, only?: string[]): string {
  const c = contents(ev);
  const r = (id: string) => (only && !only.includes(id) ? '' : wrapRegion(id, c[id]!) + '\n');
  return withRegionRecord(
    tidyMarkdown(
      [
        '# 测试报告',
        r('meta'),
        '## 1. 背景与目标',
        '<!-- rfc-evidence:placeholder -->\n（待作者补充）',
        '## 2. 正式 Benchmark',
        r('formal'),
        r('matrix'),
        '## 3. Profiling',
        '### 3.1 GPU 利用率',
        r('gpu'),
        '## 4. 结论',
        '（待作者补充）',
      ].join('\n\n'),
    ),
  );
}

/** Missing evidence roles are open items of their own, never listed as bottlenecks (issue 11). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, latencyJson, miniConfig, tempDir, writeTree } from '../pipeline/helpers.js';

/** The text of the report's section 10, from its heading to the next `## `. */
function section10(report: string): string {
  const start = report.search(/^## 10\. /m);
  expect(start).toBeGreaterThan(-1);
  const rest = report.slice(start);
  const end = rest.slice(3).search(/^## /m);
  return end === -1 ? rest : rest.slice(0, end + 3);
}

async function report(lang: 'zh' | 'en'): Promise<string> {
  const d = tempDir();
  const config = miniConfig('  - path: runs/formal.json\n    role: benchmark.formal');
  writeTree(d, { 'runs/formal.json': latencyJson([0.5, 0.6, 0.7]), 'rfc-evidence.yaml': lang === 'en' ? config.replace('rfc:\n', 'rfc:\n  language: en\n') : config });
  expect((await cli(['collect'], d)).code).toBe(0);
  const r = await cli(['render'], d);
  expect(r.code, r.stderr).toBe(0);
  const file = readdirSync(path.join(d, 'out')).find((f) => f.includes('_report_'))!;
  return readFileSync(path.join(d, 'out', file), 'utf8');
}

describe('missing evidence in the bottlenecks section', () => {
  it('zh: one sentence naming the missing roles, no bullet that reads as a bottleneck', async () => {
    const s = section10(await report('zh'));
    expect(s).not.toMatch(/^- 缺少证据/m);
    expect(s).toMatch(/^缺少的证据（尚未提供，不是瓶颈）：.*环境信息.*。$/m);
    // The formal benchmark is there: it is not named as missing.
    expect(s).not.toContain('正式 benchmark');
    expect(s).toContain('未发现。');
  });

  it('en: the same in English, from the English role names', async () => {
    const s = section10(await report('en'));
    expect(s).not.toMatch(/^- Missing evidence/m);
    expect(s).toMatch(/^Missing evidence \(not provided yet, not a bottleneck\): .*\.$/m);
    expect(s).not.toMatch(/[\u4e00-\u9fff]/);
    expect(s).toContain('None found.');
  });
});

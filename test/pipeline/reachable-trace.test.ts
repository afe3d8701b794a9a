/** A trace over 1024 KB: recorded with its url (redacted, link-safe), linked from the manifest document and the report's Trace section. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { buildFixture } from '../checks/_harness.js';

it('an external trace keeps its url in the manifest and both documents link it', async () => {
  const fx = await buildFixture({
    description: '',
    set: 'minimal',
    findings: [],
    before: [
      { file: 'profiling/step1.paddle_trace.json', bytes: 1100000 },
      { file: 'rfc-evidence.yaml', append: '  - path: profiling/step1.paddle_trace.json\n    role: profiling.trace\n    url: https://ci:hunter2@example.org/stage1/step(1).paddle_trace.json\n' },
    ],
  });
  try {
    const manifest = JSON.parse(readFileSync(path.join(fx.config.evidenceDirAbs, 'manifest.json'), 'utf8')) as { entries: { id: string; storage: string; url?: string }[] };
    const entry = manifest.entries.find((e) => e.id === 'profiling/step1.paddle_trace')!;
    expect(entry.storage).toBe('external');
    expect(entry.url).toBe('https://ci:***@example.org/stage1/step(1).paddle_trace.json');
    const link = 'https://ci:***@example.org/stage1/step%281%29.paddle_trace.json';
    const doc = (name: string) => readFileSync(path.join(fx.config.outDirAbs, `20260105_demo_stage1_${name}_for_demo.md`), 'utf8');
    expect(doc('evidence_manifest')).toContain(`[${link}](${link})`);
    const report = doc('report');
    const trace = report.slice(report.indexOf('id=profiling.trace'), report.indexOf('end id=profiling.trace'));
    expect(trace).toContain(`[profiling/step1.paddle_trace](${link})（外部存储，未随 PR 提交）`);
    expect(trace).toContain(`[外部下载](${link})`);
    expect(report).not.toContain('hunter2');
  } finally {
    fx.cleanup();
  }
});

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UsageError } from '../../src/diagnostics/diagnostic.js';
import { planRender } from '../../src/render/render.js';
import { example, tempDir } from '../render/charts-helpers.js';

function folder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

describe('templates: a folder that replaces built-in templates and partials by name', () => {
  it('replaces a partial for every language, and a language subfolder wins for its language', async () => {
    const { config, manifest } = example();
    const templatesDirAbs = folder({
      'partials/evidence-link.hbs': '<{{id}}>\n',
      'en/exec_summary.md.hbs': '# {{rfc.title}}\n\n{{#region "summary.documents"}}\nReport: {{files.report}}\n{{/region}}\n',
    });
    const zh = await planRender({ ...config, templatesDirAbs }, manifest, { lang: 'zh' });
    const en = await planRender({ ...config, templatesDirAbs }, manifest, { lang: 'en' });
    const doc = (p: typeof zh, d: string) => p.documents.find((x) => x.doc === d)!.text;
    expect(doc(zh, 'evidence_manifest')).toContain('| <env/environment> | `environment` / `combined` | 环境信息 |');
    expect(doc(en, 'evidence_manifest')).toContain('| <env/environment> | `environment` / `combined` | environment |');
    expect(doc(zh, 'exec_summary')).toContain('## 3. 关键数据');
    expect(doc(en, 'exec_summary')).toMatch(/^# FastDeploy PaddleOCR-VL Metax 适配阶段一报告\n/);
    expect(doc(en, 'exec_summary')).toMatch(/<!-- rfc-evidence:begin id=summary.documents sha256=[0-9a-f]{12} -->\nReport: 20260423_paddleocr_vl_metax_stage1_report_for_fastdeploy.md\n<!-- rfc-evidence:end id=summary.documents -->\n$/);
    expect(doc(en, 'exec_summary')).not.toContain('## 1.');
  });

  it('rejects a template name that replaces nothing (usage error naming the file)', async () => {
    const { config, manifest } = example();
    const templatesDirAbs = folder({ 'reprot.md.hbs': '# typo\n' });
    const e = await planRender({ ...config, templatesDirAbs }, manifest).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).diagnostics).toEqual([expect.objectContaining({ id: 'templates.unknown', file: path.join(templatesDirAbs, 'reprot.md.hbs') })]);
  });

  it('reports a Handlebars syntax error with the template file and line (an unclosed block: at the end)', async () => {
    const { config, manifest } = example();
    const templatesDirAbs = folder({ 'report.md.hbs': '# x\n\n{{#if rfc}}\nno end\n' });
    const e = await planRender({ ...config, templatesDirAbs }, manifest).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).diagnostics[0]).toMatchObject({ id: 'templates.invalid', file: path.join(templatesDirAbs, 'report.md.hbs'), line: 5 });
  });

  it('is resolved against the config, and a missing folder is a usage error naming the key and its line', () => {
    const dir = folder({ 'tpl/partials/meta.hbs': 'meta\n' });
    const yaml = (templates: string) =>
      `rfc:\n  title: T\n  slug: t\n  project: P\n  author: A\n  date: "2026-01-02"\n  version: V1.0\noutDir: out\nevidenceDir: out/ev\ntemplates: ${templates}\ninputs:\n  - path: x.json\n`;
    writeFileSync(path.join(dir, 'ok.yaml'), yaml('tpl'));
    expect(loadConfig('ok.yaml', dir).templatesDirAbs).toBe(path.join(dir, 'tpl'));
    writeFileSync(path.join(dir, 'bad.yaml'), yaml('nope'));
    let e: unknown;
    try {
      loadConfig('bad.yaml', dir);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).diagnostics).toEqual([{ id: 'config.templates-missing', severity: 'error', message: 'templates folder not found: nope', file: 'bad.yaml', pointer: '/templates', line: 10, column: 1 }]);
  });
});

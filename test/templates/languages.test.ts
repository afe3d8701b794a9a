import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRegions } from '../../src/markdown/regions.js';
import { DOC_NAMES } from '../../src/render/names.js';
import { loadPatchNotes } from '../../src/render/patch-notes.js';
import { planRender } from '../../src/render/render.js';
import { example, repoRoot } from '../render/charts-helpers.js';

const templates = path.join(repoRoot, 'templates');
const regionIds = (src: string) => [...src.matchAll(/\{\{#region "([^"]+)"\}\}/g)].map((m) => m[1]);
/** Ids of the regions a template and the partials it includes declare. */
function declared(lang: string, doc: string): string[] {
  const partials = new Map(readdirSync(path.join(templates, lang, 'partials')).map((f) => [f.replace(/\.hbs$/, ''), readFileSync(path.join(templates, lang, 'partials', f), 'utf8')]));
  const src = readFileSync(path.join(templates, lang, `${doc}.md.hbs`), 'utf8').replace(/\{\{> ?([\w-]+)[^}]*\}\}/g, (_, p: string) => partials.get(p) ?? '');
  return regionIds(src);
}

describe('English and Chinese templates are kept in step', () => {
  it('have the same partials', () => {
    expect(readdirSync(path.join(templates, 'en', 'partials')).sort()).toEqual(readdirSync(path.join(templates, 'zh', 'partials')).sort());
  });

  for (const doc of DOC_NAMES) {
    it(`${doc}: every region either language declares exists in both, in the same order`, () => {
      const zh = declared('zh', doc);
      expect(zh.length).toBeGreaterThan(2);
      expect(declared('en', doc)).toEqual(zh);
    });
  }

  it('render the same regions for the example in both languages', async () => {
    const { config, manifest } = example();
    const [zh, en] = await Promise.all([planRender(config, manifest, { lang: 'zh' }), planRender(config, manifest, { lang: 'en' })]);
    for (const doc of DOC_NAMES) {
      const ids = (p: typeof zh) => findRegions(p.documents.find((d) => d.doc === doc)!.text).regions.map((r) => r.id);
      expect(ids(en), doc).toEqual(ids(zh));
      // The example has no baseline and candidate: the comparison region renders empty and is left out.
      expect(ids(zh), doc).toEqual(declared('zh', doc).filter((id) => id !== 'comparison'));
      for (const p of [zh, en]) expect(findRegions(p.documents.find((d) => d.doc === doc)!.text).regions.filter((r) => r.content.trim() === '')).toEqual([]);
    }
  });
});

describe('--lang en', () => {
  it('gives English headings, labels and sentences; data such as OCR output stays as it is', async () => {
    const { config, manifest } = example();
    const plan = await planRender(config, manifest, { lang: 'en' });
    const text = (doc: string) => plan.documents.find((d) => d.doc === doc)!.text;
    const report = text('report');
    const headings = report.split('\n').filter((l) => l.startsWith('#') && !l.startsWith('# '));
    expect(headings).toEqual([
      '## 1. Background and goals',
      '## 2. Environment and versions',
      '## 3. Changes',
      '## 4. The service runs',
      '## 5. Benchmark matrix',
      '## 6. Formal benchmark',
      '## 7. Tail re-check',
      '## 8. Scheduling analysis',
      '## 9. Profiling evidence and limitations',
      '### 9.1 GPU utilisation',
      '### 9.2 Kernel time',
      '### 9.3 Python hot spots',
      '### 9.4 Tool limitations',
      '### 9.5 Trace',
      '## 10. Bottlenecks and open items',
      '## 11. Conclusion',
      '## 12. Next steps',
      '## 13. Evidence index',
      '## 14. Change log',
    ]);
    expect(report).toContain('Verdict: **the tail anomaly did not reproduce** (`tail_reproduced=false`).');
    expect(report).toContain('| Author | Lin Haoran |');
    // The OCR output is data: it keeps its Chinese.
    expect(report).toMatch(/Output excerpt: `发票代码：044031900111/);
    // Outside author text (the config's Chinese title, background...) and data, no Chinese is generated.
    const generated = report
      .split('\n')
      .filter((l) => !l.includes('Output excerpt') && !l.includes(config.rfc.title) && !/^\| Description/.test(l))
      .filter((l) => ![config.rfc.background, config.rfc.conclusion, config.rfc.nextSteps].some((t) => t?.split('\n').includes(l)))
      // The zh config's patch notes are the author's words too.
      .filter((l) => !Object.values(loadPatchNotes(config)).some((n) => l.includes(n.what)));
    expect(generated.filter((l) => /[\u4e00-\u9fff]/.test(l))).toEqual([]);
    expect(text('exec_summary')).toContain(`[report, section 5](${plan.documents[0]!.file.split(path.sep).pop()}#5-benchmark-matrix)`);
    expect(text('evidence_manifest')).toContain('## 3. How to verify');
  });
});

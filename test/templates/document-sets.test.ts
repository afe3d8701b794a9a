/**
 * Document sets are data: every built-in set loads, its templates exist in both languages with
 * the same sections, and a render of the example in each set carries regions of the stage
 * documents (the same regions, evidence links and checks whichever set an RFC uses).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/diagnostics/diagnostic.js';
import { findRegions } from '../../src/markdown/regions.js';
import { builtinSets, documentFile, documentSetFor, fileNamePattern, loadDocumentSet } from '../../src/render/document-sets.js';
import { planRender } from '../../src/render/render.js';
import { example, repoRoot, tempDir } from '../render/charts-helpers.js';

const sectionsOf = (text: string) => [...text.matchAll(/\{\{(?:section|#region) "([^"]+)"\}\}/g)].map((m) => m[1]);

describe('document sets', () => {
  it('stage (default), design and op-optimization are built in, and an unknown name is a usage error', () => {
    expect(builtinSets()).toEqual(['design', 'op-optimization', 'stage']);
    expect(loadDocumentSet('stage', repoRoot).documents.map((d) => d.template)).toEqual(['report', 'exec_summary', 'evidence_manifest']);
    expect(() => loadDocumentSet('slides', repoRoot)).toThrow(UsageError);
  });

  it('name files after the community: YYYYMMDD_<slug>_for_<project>.md for a design RFC, ..._op_optimization.md for an operator', () => {
    const rfc = { date: '2026-04-28', slug: 'profile_paddleocr_vl_metax', project: 'FastDeploy' };
    const [design] = loadDocumentSet('design', repoRoot).documents;
    expect(documentFile(rfc, design!)).toBe('20260428_profile_paddleocr_vl_metax_for_fastdeploy.md');
    expect(fileNamePattern(design!).exec('20260428_profile_paddleocr_vl_metax_for_fastdeploy.md')?.groups).toEqual({ date: '20260428', slug: 'profile_paddleocr_vl_metax', project: 'fastdeploy' });
    const [op] = loadDocumentSet('op-optimization', repoRoot).documents;
    expect(documentFile({ ...rfc, slug: 'lerp_grad', project: 'OPs-Perf' }, op!)).toBe('20260428_lerp_grad_op_optimization.md');
  });

  it("is the config's documents, else the profile's, else stage", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'team.yaml'), 'name: team\ndescription: our gate\ndocuments: op-optimization\nrequires: []\n');
    const rfc = { title: 't', slug: 's', project: 'P', author: 'a', date: '2026-01-01', version: 'V1.0' };
    expect(documentSetFor({ baseDir: dir, rfc }).name).toBe('stage');
    expect(documentSetFor({ baseDir: dir, rfc: { ...rfc, profile: 'team.yaml' } }).name).toBe('op-optimization');
    expect(documentSetFor({ baseDir: dir, rfc: { ...rfc, profile: 'team.yaml' }, documents: 'design' }).name).toBe('design');
  });

  for (const set of ['design', 'op-optimization']) {
    it(`${set}: its templates exist in zh and en with the same sections in the same order`, () => {
      for (const d of loadDocumentSet(set, repoRoot).documents) {
        const text = (lang: string) => readFileSync(path.join(repoRoot, 'templates', lang, `${d.template}.md.hbs`), 'utf8');
        expect(existsSync(path.join(repoRoot, 'templates', 'en', `${d.template}.md.hbs`))).toBe(true);
        expect(sectionsOf(text('zh')).length).toBeGreaterThan(10);
        expect(sectionsOf(text('en'))).toEqual(sectionsOf(text('zh')));
      }
    });

    it(`${set}: a render of the example carries the stage report's regions, byte for byte`, async () => {
      const { config, manifest } = example();
      const stage = await planRender(config, manifest);
      const stageRegions = new Map(stage.documents.flatMap((d) => findRegions(d.text).regions.map((r) => [r.id, r.content] as const)));
      for (const lang of ['zh', 'en'] as const) {
        const plan = await planRender({ ...config, documents: set }, manifest, { lang });
        expect(plan.documents).toHaveLength(1);
        const regions = findRegions(plan.documents[0]!.text).regions;
        for (const id of ['environment', 'patch', 'service', 'formal', 'profiling.gpu', 'profiling.kernels', 'manifest.entries']) expect(regions.map((r) => r.id), `${lang} ${id}`).toContain(id);
        if (lang === config.language) {
          for (const r of regions.filter((x) => !['meta', 'changelog'].includes(x.id))) expect(r.content, r.id).toBe(stageRegions.get(r.id));
        }
      }
    });
  }
});

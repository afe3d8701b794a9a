/**
 * The generated documents pass the linters a community reviewer may run: markdownlint with its
 * default rules (line length off: the community's Chinese prose runs long on one line) and
 * remark-lint's recommended preset. Runs on every committed document under rfcs/ (which the
 * dogfood test keeps equal to a fresh render of the examples) and on fresh renders of the
 * example in both languages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { lint } from 'markdownlint/promise';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkPresetLintRecommended from 'remark-preset-lint-recommended';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { loadManifestFor, planRender } from '../../src/render/render.js';
import { buildFixture } from '../checks/_harness.js';
import { example, repoRoot } from '../render/charts-helpers.js';

/** The documents (not the evidence copies) under rfcs/<Project>/. */
function committedDocuments(): string[] {
  const root = path.join(repoRoot, 'rfcs');
  return readdirSync(root)
    .filter((p) => statSync(path.join(root, p)).isDirectory())
    .flatMap((p) => readdirSync(path.join(root, p)).filter((f) => f.endsWith('.md')).map((f) => path.join(root, p, f)));
}

/** Findings of both linters as `name:line rule detail`, empty when clean. */
async function lintMarkdown(docs: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  const results = await lint({ strings: docs, config: { default: true, MD013: false } });
  for (const [name, errors] of Object.entries(results)) {
    for (const e of errors) out.push(`${name}:${e.lineNumber} markdownlint ${e.ruleNames.join('/')} ${e.errorDetail ?? ''} ${e.errorContext ?? ''}`.trim());
  }
  const remark = unified().use(remarkParse).use(remarkGfm).use(remarkPresetLintRecommended).use(remarkStringify);
  for (const [name, text] of Object.entries(docs)) {
    const file = await remark.process(text);
    for (const m of file.messages) out.push(`${name}:${m.line ?? 0} remark-lint ${m.ruleId ?? ''} ${m.reason}`);
  }
  return out;
}

describe('generated Markdown is lint-clean', () => {
  it('every committed document under rfcs/ passes markdownlint (defaults, MD013 off) and remark-lint recommended', async () => {
    const files = committedDocuments();
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(await lintMarkdown(Object.fromEntries(files.map((f) => [path.relative(repoRoot, f), readFileSync(f, 'utf8')])))).toEqual([]);
  });

  it('fresh renders of the example in zh and en, in every document set, pass both linters', async () => {
    const { config, manifest } = example();
    const docs: Record<string, string> = {};
    for (const documents of ['stage', 'design', 'op-optimization']) {
      for (const lang of ['zh', 'en'] as const) {
        const plan = await planRender({ ...config, documents }, manifest, { lang, startOver: true });
        for (const d of plan.documents) docs[`${lang}/${d.doc}`] = d.text;
      }
    }
    expect(Object.keys(docs)).toHaveLength(10);
    expect(await lintMarkdown(docs)).toEqual([]);
  });

  it('a stage-two render (baseline vs candidate, profile target) and a design RFC pass both linters', async () => {
    const docs: Record<string, string> = {};
    for (const [name, before] of [
      ['compare', []],
      ['minimal-design', [{ file: 'rfc-evidence.yaml', replace: 'outDir: rfcs/Demo\n', with: 'documents: design\noutDir: rfcs/Demo\n' }]],
    ] as const) {
      const set = name.split('-')[0]!;
      const { root, config, cleanup } = await buildFixture({ description: name, set, before: [...before], findings: [] });
      try {
        for (const d of (await planRender(config, loadManifestFor(config))).documents) docs[`${name}/${path.relative(root, d.file)}`] = d.text;
      } finally {
        cleanup();
      }
    }
    expect(Object.keys(docs).length).toBe(4);
    expect(Object.values(docs).some((t) => t.includes('id=comparison'))).toBe(true);
    expect(await lintMarkdown(docs)).toEqual([]);
  });

  it('the linters do find what the issue reported (bare URL, inline HTML, list without blank line)', async () => {
    const found = await lintMarkdown({ bad: '# T\n\nsee http://0.0.0.0:8180 and <cmd>\n- a list\n' });
    expect(found.some((f) => f.includes('MD034'))).toBe(true);
    expect(found.some((f) => f.includes('MD033'))).toBe(true);
    expect(found.some((f) => f.includes('MD032'))).toBe(true);
    expect(found.some((f) => f.includes('no-literal-urls'))).toBe(true);
  });
});

/**
 * The templates `npm run build` precompiles (used by the CLI instead of compiling at each render)
 * render exactly what compiling the template text renders, for every bundled template in both
 * languages; a template whose text has no precompiled form (an edit, an override) is compiled.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, templatesDir } from '../../src/paths.js';
import { createEngine, partialText, precompiledFile, templateKey, type Precompiled } from '../../src/render/engine.js';
import { DOC_NAMES } from '../../src/render/names.js';
import { analyse } from '../../src/analysis/index.js';
import { buildView } from '../../src/render/view-model.js';
import { example } from './charts-helpers.js';

const built = (lang: string): Precompiled => createRequire(import.meta.url)(path.join(packageRoot, 'dist', 'render', precompiledFile(lang))) as Precompiled;

describe('precompiled templates', () => {
  it('cover every bundled template and partial', () => {
    for (const lang of ['zh', 'en']) {
      expect(existsSync(path.join(packageRoot, 'dist', 'render', precompiledFile(lang))), 'run `npm run build` first').toBe(true);
      const specs = built(lang);
      const dir = path.join(templatesDir, lang);
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.md.hbs'))) expect(specs[templateKey(readFileSync(path.join(dir, f), 'utf8'))], f).toBeDefined();
      for (const f of readdirSync(path.join(dir, 'partials'))) expect(specs[templateKey(partialText(readFileSync(path.join(dir, 'partials', f), 'utf8')))], f).toBeDefined();
    }
  });

  it('render what the compiled templates render', async () => {
    const { config, manifest } = example();
    for (const lang of ['zh', 'en'] as const) {
      const view = buildView({ ...config, language: lang }, manifest, await analyse(manifest));
      const fast = createEngine(lang, undefined, built(lang));
      const slow = createEngine(lang, undefined, {});
      for (const doc of DOC_NAMES) {
        const text = fast.render(doc, view);
        expect(text.length).toBeGreaterThan(500);
        expect(text).toBe(slow.render(doc, view));
      }
    }
  });
});

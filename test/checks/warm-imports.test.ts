/**
 * A check whose rule results are all reused loads none of the heavy libraries: no Markdown
 * parser, no templates, no charts, no schema compiler (the built CLI in a fresh process, every
 * module it loads recorded, ESM and CommonJS alike). Uses dist/ (`npm test` builds it first).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildFixture } from './_harness.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
const HEAVY = ['remark', 'micromark', 'mdast-util', 'unified', 'handlebars', 'vega', 'ajv'];

describe('a warm check', () => {
  it('loads no Markdown parser, template engine, chart library or schema compiler', async () => {
    const fx = await buildFixture({ description: 'stage one', set: 'stage1', findings: [] });
    try {
      const hooks = path.join(fx.root, 'hooks.mjs');
      const register = path.join(fx.root, 'register.mjs');
      const log = path.join(fx.root, 'loaded.txt');
      writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`);
      writeFileSync(
        register,
        `import { register, createRequire } from 'node:module';\nimport { appendFileSync } from 'node:fs';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\nconst Module = createRequire(import.meta.url)('node:module');\nconst load = Module._load;\nModule._load = function (request, parent, isMain) { appendFileSync(${JSON.stringify(log)}, 'require ' + request + '\\n'); return load.call(this, request, parent, isMain); };\n`,
      );
      const check = (...node: string[]) => {
        try {
          execFileSync(process.execPath, [...node, path.join(repo, 'dist', 'cli', 'main.js'), 'check', '--config', 'rfc-evidence.yaml'], { cwd: fx.root, stdio: 'pipe' });
        } catch (e) {
          // Exit 1 (findings) is fine here; what matters is what loaded.
          if ((e as { status?: number }).status !== 1) throw e;
        }
      };
      check();
      writeFileSync(log, '');
      check('--import', pathToFileURL(register).href);
      const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(loaded.some((l) => l.includes('/checks/registry.js'))).toBe(true);
      expect(loaded.filter((l) => HEAVY.some((h) => l.includes(`node_modules/${h}`) || l === `require ${h}`))).toEqual([]);
      expect(loaded.filter((l) => /\/render\/(render|engine|view-model)\.js$/.test(l))).toEqual([]);
    } finally {
      fx.cleanup();
    }
  }, 60_000);
});

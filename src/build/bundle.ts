/**
 * `npm run bundle`: the self-contained build in `bundle/` that the GitHub Action, the pre-commit
 * hook and a git install run with plain `node`, nothing installed. Made with esbuild from `dist/`
 * (so `npm run build` first: the precompiled templates and validators are build outputs there):
 *
 * - `rfc-evidence.mjs` (the CLI), `action.mjs` (the Action), `trace-worker.mjs` (the worker that
 *   summarises the second half of a big trace), `_request-latencies-worker.mjs` (the worker that
 *   reads a big request-latencies JSON), and the chunks they share, all in one flat
 *   folder: modules find `../templates`, `../schemas`, `../profiles`, `../document-sets`, `../package.json` and their
 *   siblings relative to themselves, as `dist/` modules do;
 * - each command, adapter, kind (its analysers and charts too) and check folder becomes a static list (what `discover` would
 *   find), loaded on use as before, so `--help` does not load vega;
 * - the precompiled Handlebars templates and the ajv validators, each bundled with the runtime
 *   bits it requires (`templates.precompiled.<lang>.cjs`, `standalone/**.cjs`).
 *
 * `node dist/build/bundle.js [outDir]` (default `bundle/`); the output depends only on the sources
 * and the pinned esbuild, so test/build/bundle.test.ts rebuilds it and compares with the commit.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { packageRoot } from '../paths.js';
import { registeredModules } from '../util/discover.js';

/** The folders that `discover` is called on (relative to dist/). */
const REGISTRIES = ['adapters', 'checks', 'kinds', 'kinds/analysis', 'kinds/charts', 'cli/commands'];
const DIST = path.join(packageRoot, 'dist');

/** Lets bundled CommonJS (handlebars, ajv runtime) `require` node built-ins from an ES module. */
const REQUIRE_SHIM = "import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);";

/** Replaces util/discover.js with one that imports each registry folder's static list. */
const staticRegistries: Plugin = {
  name: 'static-registries',
  setup(b) {
    b.onLoad({ filter: /[\\/]util[\\/]discover\.js$/ }, () => ({
      resolveDir: path.join(DIST, 'util'),
      loader: 'js',
      contents: [
        "import path from 'node:path';",
        "import { codeDir } from '../paths.js';",
        "import { exportOf } from './export-of.js';",
        'const lists = {',
        ...REGISTRIES.map((dir) => `  ${JSON.stringify(dir)}: () => import(${JSON.stringify(`registry:${dir}`)}),`),
        '};',
        'export async function discover(dir, exportName) {',
        "  const key = path.relative(codeDir, dir).split(path.sep).join('/');",
        '  const load = lists[key];',
        '  if (!load) throw new Error(`the bundle has no registry for ${key}`);',
        '  return (await load()).default.map(([file, mod]) => exportOf(mod, file, exportName));',
        '}',
      ].join('\n'),
    }));
    b.onResolve({ filter: /^registry:/ }, (args) => ({ path: args.path.slice('registry:'.length), namespace: 'registry' }));
    b.onLoad({ filter: /.*/, namespace: 'registry' }, (args) => {
      const dir = path.join(DIST, args.path);
      const files = registeredModules(dir);
      return {
        resolveDir: dir,
        loader: 'js',
        contents: [...files.map((f, i) => `import * as m${i} from ${JSON.stringify(`./${f}`)};`), `export default [${files.map((f, i) => `[${JSON.stringify(f)}, m${i}]`).join(', ')}];`].join('\n'),
      };
    });
  },
};

/** Every `.cjs` file under `dir`, relative to it. */
function cjsFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cjsFiles(dir, path.join(prefix, e.name)) : e.name.endsWith('.cjs') ? [path.join(prefix, e.name)] : [],
  );
}

export async function bundle(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node20', absWorkingDir: packageRoot, logLevel: 'warning', legalComments: 'none', charset: 'utf8' } as const;
  const inputs: string[] = [];
  const note = (m: Metafile) => inputs.push(...Object.keys(m.inputs));
  const main = await build({
    ...common,
    metafile: true,
    entryPoints: { 'rfc-evidence': path.join(DIST, 'cli', 'bin.js'), action: path.join(DIST, 'action', 'main.js'), 'trace-worker': path.join(DIST, 'adapters', '_trace', 'trace-worker.js'), '_request-latencies-worker': path.join(DIST, 'adapters', '_request-latencies-worker.js') },
    outdir: outDir,
    format: 'esm',
    splitting: true,
    // Flat: a chunk resolves `..` (the package root) and its siblings like a dist/ module does.
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: { js: REQUIRE_SHIM },
    minify: true,
    plugins: [staticRegistries],
  });
  note(main.metafile);
  // pre-commit (`language: script`) and npm's bin link execute it directly.
  chmodSync(path.join(outDir, 'rfc-evidence.mjs'), 0o755);
  const precompiled = [
    ...cjsFiles(path.join(DIST, 'render')).map((f) => [path.join(DIST, 'render', f), f]),
    ...cjsFiles(path.join(DIST, 'schemas', 'standalone')).map((f) => [path.join(DIST, 'schemas', 'standalone', f), path.join('standalone', f)]),
  ];
  for (const [from, to] of precompiled) {
    note((await build({ ...common, metafile: true, entryPoints: [from!], outfile: path.join(outDir, to!), format: 'cjs', minify: true })).metafile);
  }
  writeFileSync(path.join(outDir, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(inputs));
}

/**
 * The bundle carries code of its dependencies without their package folders, so it carries their
 * notices: name, version, license and license file of every package an input came from.
 */
function thirdPartyLicenses(inputs: string[]): string {
  const roots = new Set<string>();
  for (const input of inputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
    if (m) roots.add(m[1]!);
  }
  const sections = [...roots].sort().map((root) => {
    const dir = path.join(packageRoot, root);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const file = readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file && existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), 'utf8').trim() : `(no license file; package.json says ${pkg.license ?? 'nothing'})`;
    return `${pkg.name}@${pkg.version} (${pkg.license ?? 'license not stated'})\n\n${text}\n`;
  });
  return `Third-party code bundled in this folder, by package:\n\n${sections.join('\n' + '-'.repeat(72) + '\n\n')}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const out = path.resolve(process.argv[2] ?? path.join(packageRoot, 'bundle'));
  await bundle(out);
  process.stdout.write(`bundled into ${path.relative(process.cwd(), out) || '.'}\n`);
}

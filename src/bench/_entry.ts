/**
 * What the benchmarks run: the command as a user runs it. By default that is the self-contained
 * build (`bin` in package.json is `bundle/rfc-evidence.mjs`), made fresh from this checkout's
 * `dist/` with the same esbuild build as `npm run bundle` and laid out as an install lays it out
 * (`bench-data/tool/`: the bundle beside templates, schemas, profiles, document sets and
 * package.json), so the committed `bundle/` is neither trusted nor touched. `--entry dist` runs
 * `dist/cli/main.js` (tsc output importing node_modules) instead.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { codeDir, packageRoot } from '../paths.js';

export type EntryKind = 'bundle' | 'dist';

export interface EntryPoint {
  kind: EntryKind;
  /** The script node runs. */
  script: string;
  /** How the report names it. */
  label: string;
}

/** What ships beside bundle/ in the package (package.json "files"). */
const SHIPPED = ['templates', 'schemas', 'profiles', 'document-sets', 'package.json'];

export function distEntry(): EntryPoint {
  const script = path.join(codeDir, 'cli', `main${path.extname(new URL(import.meta.url).pathname)}`);
  return { kind: 'dist', script, label: `${path.relative(packageRoot, script)} (tsc output, imports node_modules)` };
}

/** Build the bundle from dist/ into `<dataDir>/tool/bundle` (seconds) and return its CLI. */
export async function freshBundle(dataDir: string): Promise<EntryPoint> {
  const tool = path.join(dataDir, 'tool');
  rmSync(tool, { recursive: true, force: true });
  mkdirSync(tool, { recursive: true });
  // Loaded only here: esbuild is a dev dependency and `--entry dist` does not need it.
  const { bundle } = await import('../build/bundle.js');
  await bundle(path.join(tool, 'bundle'));
  for (const item of SHIPPED) cpSync(path.join(packageRoot, item), path.join(tool, item), { recursive: true });
  const script = path.join(tool, 'bundle', 'rfc-evidence.mjs');
  return { kind: 'bundle', script, label: `${path.relative(packageRoot, script)} (fresh esbuild bundle of this checkout's dist/, as \`bin\` installs it)` };
}

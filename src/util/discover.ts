import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportOf } from './export-of.js';

/**
 * Import every module of a folder and collect one named export from each. This is how adapters,
 * kinds and checks are registered: a new one is a new file, with no list to edit. Files whose
 * name starts with `_` and the folder's `types`/`registry`/`index` modules are skipped.
 * Order is by file name, so results are deterministic. (The bundle replaces this module with
 * static lists made by the same `registeredModules`: see src/build/bundle.ts.)
 */
export async function discover<T>(dir: string, exportName: string): Promise<T[]> {
  const out: T[] = [];
  for (const f of registeredModules(dir)) {
    out.push(exportOf<T>((await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>, f, exportName));
  }
  return out;
}

/** The module files of a folder that `discover` imports, sorted. */
export function registeredModules(dir: string): string[] {
  const skip = new Set(['types', 'registry', 'index']);
  return readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .filter((f) => !skip.has(f.replace(/\.(ts|js)$/, '')))
    .sort();
}

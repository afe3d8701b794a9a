import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Import every module of a folder and collect one named export from each. This is how adapters,
 * kinds and checks are registered: a new one is a new file, with no list to edit. Files whose
 * name starts with `_` and the folder's `types`/`registry`/`index` modules are skipped.
 * Order is by file name, so results are deterministic.
 */
export async function discover<T>(dir: string, exportName: string): Promise<T[]> {
  const skip = new Set(['types', 'registry', 'index']);
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .filter((f) => !skip.has(f.replace(/\.(ts|js)$/, '')))
    .sort();
  const out: T[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>;
    const value = mod[exportName];
    if (value === undefined) throw new Error(`${f} does not export '${exportName}'`);
    out.push(value as T);
  }
  return out;
}

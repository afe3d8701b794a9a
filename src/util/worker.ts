import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `name` that sits beside the module at `moduleUrl` (its
 * `import.meta.url`): `name.js` in dist/, `name.mjs` in the bundle (an entry point of
 * src/build/bundle.ts), and from the TypeScript sources (tests) `name.ts` loaded through tsx as
 * the calling thread was.
 */
export function startModuleWorker(moduleUrl: string, name: string, workerData: unknown): Worker {
  const ext = path.extname(fileURLToPath(moduleUrl));
  const url = new URL(`./${name}${ext}`, moduleUrl);
  return ext === '.ts'
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData })
    : new Worker(url, { workerData });
}

import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The package root. This file sits one level below the root both as `src/paths.ts` (tests, tsx)
 * and as `dist/paths.js` (the installed bin), so one relative step finds `schemas/`,
 * `templates/` and `profiles/` in either case.
 */
export const packageRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export const schemasDir = path.join(packageRoot, 'schemas');
export const templatesDir = path.join(packageRoot, 'templates');

/** Directory of this module's siblings (`src/` or `dist/`), used for module discovery. */
export const codeDir = fileURLToPath(new URL('.', import.meta.url));

/** POSIX form of a relative path, for manifests and documents (never a backslash). */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

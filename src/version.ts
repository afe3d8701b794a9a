import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './paths.js';

const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string; repository?: string | { url?: string } };

/** The package version, recorded in manifests as the generator. */
export const packageVersion: string = pkg.version;

/**
 * The tool's own repository as a web address, from package.json `repository` (one place to edit):
 * `git+https://host/o/r.git` and `github:o/r` become `https://host/o/r`, `https://github.com/o/r`.
 */
export const packageRepositoryUrl: string | undefined = webUrl(typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url);

function webUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(url);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  return url.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/\.git$/, '');
}

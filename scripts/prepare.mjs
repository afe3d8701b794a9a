// npm runs `prepare` after `npm install` in a clone and when it installs the package from git.
// dist/ (the library and the development CLI) is built when the dev dependencies are there;
// without them (an install that leaves them out) there is nothing to build with and nothing
// needed: the bin is the committed, self-contained bundle/.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  console.log('rfc-evidence: no dev dependencies, dist/ not built (the bin is bundle/rfc-evidence.mjs)');
  process.exit(0);
}
const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);

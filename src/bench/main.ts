/**
 * `npm run bench`: run every benchmark module of this folder (`<name>.ts` exporting `bench`;
 * `_`-prefixed files and `types` are helpers) and print one table each. `--full` (or
 * BENCH_FULL=1) adds the largest inputs; `--only <name>` runs one module; `--entry dist` runs
 * `dist/cli/main.js` instead of a fresh bundle (see _entry.ts). Exit 1 when a target of
 * docs/architecture.md "Performance targets" is missed.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from '../paths.js';
import { distEntry, freshBundle } from './_entry.js';
import type { Bench, BenchResult } from './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function modules(): Promise<Bench[]> {
  const files = readdirSync(here)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .filter((f) => !['main', 'types'].includes(f.replace(/\.(ts|js)$/, '')))
    .sort();
  const out: Bench[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { bench?: Bench };
    if (mod.bench) out.push(mod.bench);
  }
  return out;
}

function table(r: BenchResult): string {
  const widths = r.headers.map((h, c) => Math.max(h.length, ...r.rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((x, c) => x.padStart(widths[c]!)).join(' | ') + ' |';
  return [line(r.headers), '|' + widths.map((w) => '-'.repeat(w + 1) + ':').join('|') + '|', ...r.rows.map(line)].join('\n');
}

const args = process.argv.slice(2);
const full = args.includes('--full') || process.env.BENCH_FULL === '1';
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const entryArg = args.includes('--entry') ? args[args.indexOf('--entry') + 1] : 'bundle';
if (entryArg !== 'bundle' && entryArg !== 'dist') throw new Error(`--entry ${entryArg}: expected bundle or dist`);
const dataDir = path.join(packageRoot, 'bench-data');
mkdirSync(dataDir, { recursive: true });
const entry = entryArg === 'dist' ? distEntry() : await freshBundle(dataDir);
process.stdout.write(`entry point: node ${entry.label}\n`);
let failed = false;
for (const b of await modules()) {
  if (only !== undefined && b.name !== only) continue;
  let r: BenchResult;
  try {
    r = await b.run({ full, dataDir, cli: entry.script, log: (l) => process.stderr.write(l + '\n') });
  } catch (e) {
    // One broken benchmark must not hide the others' numbers.
    process.stdout.write(`\n## ${b.name}: FAILED\n\n${(e as Error).stack ?? String(e)}\n`);
    failed = true;
    continue;
  }
  process.stdout.write(`\n## ${b.name}: ${r.title}\n\n${table(r)}\n\n${!r.targetMet ? 'TARGET MISSED' : (r.verdict ?? 'target met')}\n`);
  for (const n of r.notes) process.stdout.write(`- ${n}\n`);
  failed ||= !r.targetMet;
}
process.exitCode = failed ? 1 : 0;

/**
 * What the self-contained build does to start-up: `--help` and `render` of the example set run
 * from the bundle (a fresh build, see _entry.ts: what the Action, the pre-commit hook and installs run) and
 * from `dist/` (tsc output importing node_modules), against `node -e 0`, the floor every node
 * command pays (each ratio against the floor measured in the same rounds).
 */
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { distEntry } from './_entry.js';
import { measure } from './_measure.js';
import type { Bench, BenchOptions, BenchResult } from './types.js';

const RUNS = 7;
const EXAMPLE = 'evidence/examples/metax-paddleocr-vl-stage1';

/** Median seconds of each command, run in turn (one of each per round) so load changes on a shared machine hit all alike; one warm-up round first. */
async function medians(commands: string[][]): Promise<Array<{ s: number; code: number | null; stderr: string }>> {
  const seconds: number[][] = commands.map(() => []);
  const failures: Array<{ code: number | null; stderr: string } | undefined> = commands.map(() => undefined);
  for (let round = 0; round <= RUNS; round++) {
    for (const [i, [command, ...args]] of commands.entries()) {
      const m = await measure(command!, args);
      if (m.code !== 0) failures[i] ??= { code: m.code, stderr: m.stderr };
      if (round > 0) seconds[i]!.push(m.seconds);
    }
  }
  return seconds.map((xs, i) => ({ s: xs.sort((a, b) => a - b)[RUNS >> 1]!, code: failures[i]?.code ?? 0, stderr: failures[i]?.stderr ?? '' }));
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const dir = path.join(options.dataDir, 'startup');
  rmSync(dir, { recursive: true, force: true });
  for (const sub of [EXAMPLE, 'rfcs/FastDeploy']) cpSync(path.join(packageRoot, sub), path.join(dir, sub), { recursive: true });
  const config = path.join(dir, EXAMPLE, 'rfc-evidence.yaml');
  const dist = distEntry().script;
  const entries: Array<[string, string]> = [['dist/', dist]];
  const notes: string[] = [];
  if (options.cli !== dist) entries.push(['bundle', options.cli]);
  else notes.push('run with `--entry dist`: the bundle is not measured');
  const rows: string[][] = [];
  let failed = false;
  for (const [what, args] of [
    ['--help', ['--help']],
    ['render (example, zh)', ['render', '--config', config]],
  ] as const) {
    options.log(`startup: ${what}`);
    const results = await medians([[process.execPath, '-e', '0'], ...entries.map(([, entry]) => [process.execPath, entry, ...args])]);
    rows.push([what, 'node -e 0', results[0]!.s.toFixed(3), '1.00x']);
    for (const [i, [label]] of entries.entries()) {
      const m = results[i + 1]!;
      failed ||= m.code !== 0;
      if (m.code !== 0) notes.push(`${label} ${what} failed (${m.code}): ${m.stderr.slice(0, 300)}`);
      rows.push([what, label, m.s.toFixed(3), `${(m.s / results[0]!.s).toFixed(2)}x`]);
    }
  }
  return {
    title: `start-up: bundle vs dist/ vs node -e 0 (median of ${RUNS})`,
    headers: ['command', 'run by', 'median s', 'vs node -e 0'],
    rows,
    // No target of its own: render's < 0.4 s is the render benchmark's.
    targetMet: !failed,
    verdict: 'no target of its own (render has one)',
    notes,
  };
}

export const bench: Bench = { name: 'startup', run };

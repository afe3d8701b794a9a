/**
 * `render` of the bundled example set (docs/architecture.md performance target: under 0.4 s, process start included).
 * The example and its committed documents are copied under bench-data/ (the repository is never
 * written) and rendered as a user re-renders after a re-run: once to settle the copy, then five
 * times, of which the median counts.
 */
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { measure, type Measured } from './_measure.js';
import type { Bench, BenchOptions, BenchResult } from './types.js';

const EXAMPLE = 'evidence/examples/metax-paddleocr-vl-stage1';
const DOCUMENTS = 'rfcs/FastDeploy';
const CONFIGS = ['rfc-evidence.yaml', 'rfc-evidence.en.yaml'];
const RUNS = 5;
const TARGET_S = 0.4;

async function run(options: BenchOptions): Promise<BenchResult> {
  const dir = path.join(options.dataDir, 'render');
  rmSync(dir, { recursive: true, force: true });
  for (const sub of [EXAMPLE, DOCUMENTS]) cpSync(path.join(packageRoot, sub), path.join(dir, sub), { recursive: true });
  const { cli } = options;
  const rows: string[][] = [];
  const notes: string[] = [];
  let targetMet = true;
  for (const config of CONFIGS) {
    const render = () => measure(process.execPath, [cli, 'render', '--config', path.join(dir, EXAMPLE, config)]);
    options.log(`render: ${config}`);
    const first = await render();
    const runs: Measured[] = [];
    for (let k = 0; k < RUNS; k++) runs.push(await render());
    const failed = [first, ...runs].find((m) => m.code !== 0);
    if (failed) notes.push(`${config}: render failed (${failed.code}): ${failed.stderr.slice(0, 400)}`);
    const seconds = runs.map((m) => m.seconds).sort((a, b) => a - b);
    const median = seconds[RUNS >> 1]!;
    if (failed || median >= TARGET_S) targetMet = false;
    const rss = Math.max(...runs.map((m) => m.peakRssMiB ?? NaN));
    rows.push([config, first.seconds.toFixed(3), median.toFixed(3), seconds[0]!.toFixed(3), Number.isNaN(rss) ? '?' : rss.toFixed(0)]);
  }
  return {
    title: `render of the example set, process start included (target: median < ${TARGET_S} s)`,
    headers: ['config', 'first s', `median of ${RUNS} s`, 'min s', 'peak RSS MiB'],
    rows,
    targetMet,
    notes,
  };
}

export const bench: Bench = { name: 'render', run };

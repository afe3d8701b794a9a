/**
 * Two inputs never share an entry id (x.csv / x.json, workerlog.0 / workerlog.1), and every link
 * in the documents leads to the file it cites: an event "at line N" links to the log whose line
 * N says it, and a link labelled with an entry id opens that entry's copy.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/evidence/manifest.js';
import { cli, latencyJson, miniConfig, tempDir, writeTree } from './helpers.js';

const info = (pid: number, msg: string) => `INFO     2026-01-02 10:00:0${pid % 10},100 ${pid} worker_process.py[line:88] ${msg}`;
// The error sits at line 4 of workerlog.1; line 4 of workerlog.0 is an ordinary INFO line.
const WORKER0 = [1, 2, 3, 4, 5].map((i) => info(4711, `worker 0 step ${i} ok`)).join('\n') + '\n';
const WORKER1 = [
  info(4712, 'worker 1 step 1 ok'),
  info(4712, 'worker 1 step 2 ok'),
  info(4712, 'worker 1 step 3 ok'),
  'ValueError: The total number of blocks cannot be less than zero. Please increase gpu_memory_utilization',
  info(4712, 'worker 1 exiting'),
].join('\n') + '\n';

let dir: string;
let manifest: Manifest;
let docs: { file: string; text: string }[];
const evidenceDir = () => path.join(dir, 'out/evidence/20260102_pipeline_test');

beforeAll(async () => {
  dir = tempDir();
  writeTree(dir, {
    'rfc-evidence.yaml': miniConfig(
      ['  - path: log/workerlog.0', '    role: log', '  - path: log/workerlog.1', '    role: log', '  - path: bench/run.json', '    role: benchmark.formal', '  - path: bench/run.csv', '    role: benchmark.formal'].join('\n'),
    ),
    'log/workerlog.0': WORKER0,
    'log/workerlog.1': WORKER1,
    'bench/run.json': latencyJson([0.5, 0.52, 0.49, 0.51, 0.5]),
    'bench/run.csv': 'i,latency_s,ok\n0,0.61,true\n1,0.63,true\n2,0.6,true\n3,0.62,true\n4,0.64,true\n',
  });
  expect((await cli(['collect'], dir)).code).toBe(0);
  expect((await cli(['render'], dir)).stderr).toBe('');
  manifest = JSON.parse(readFileSync(path.join(evidenceDir(), 'manifest.json'), 'utf8')) as Manifest;
  const out = path.join(dir, 'out');
  docs = readdirSync(out)
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ file: path.join(out, f), text: readFileSync(path.join(out, f), 'utf8') }));
});

describe('entry ids and links', () => {
  it('gives each file its own id, keeping the extension only where two would collide', () => {
    expect(manifest.entries.map((e) => [e.id, e.path])).toEqual([
      ['bench/run.csv', 'bench/run.csv'],
      ['bench/run.json', 'bench/run.json'],
      ['log/workerlog.0', 'log/workerlog.0'],
      ['log/workerlog.1', 'log/workerlog.1'],
    ]);
  });

  it('links every event to the log whose cited line says it', () => {
    const report = docs.find((d) => d.file.includes('_report_'))!;
    // Rows: the event in words | [id:line](link) | the log line as inline code.
    const rows = [...report.text.matchAll(/\| ([^|\n]+) \| \[([^\]]+):(\d+)\]\(([^)]+)\) \| `([^`]+)` \|/g)];
    expect(rows.length).toBeGreaterThan(0);
    for (const [, code, id, line, link, message] of rows) {
      const target = path.resolve(path.dirname(report.file), link!);
      const entry = manifest.entries.find((e) => e.id === id)!;
      expect(target, `${code} links ${id}`).toBe(path.join(evidenceDir(), entry.path));
      const cited = readFileSync(target, 'utf8').split('\n')[Number(line) - 1]!;
      expect(cited, `${code}: line ${line} of ${id}`).toContain(message!.trim().slice(0, 30));
    }
    expect(rows.some(([, , id]) => id === 'log/workerlog.1')).toBe(true);
  });

  it('every link labelled with an entry id opens that entry', () => {
    let checked = 0;
    for (const d of docs) {
      for (const [, label, link] of d.text.matchAll(/\[`?([^\]`]+?)`?(?::\d+)?\]\(([^)#\s]+)\)/g)) {
        const entry = manifest.entries.find((e) => e.id === label);
        if (!entry) continue;
        checked++;
        expect(path.resolve(path.dirname(d.file), link!), `${label} in ${path.basename(d.file)}`).toBe(path.join(evidenceDir(), entry.path));
      }
    }
    expect(checked).toBeGreaterThanOrEqual(manifest.entries.length);
  });
});

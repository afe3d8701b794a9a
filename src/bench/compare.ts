/**
 * `compare` (issue #16 target): 1M + 1M samples at least 3x faster than numpy/scipy doing the
 * same method, under 200 MiB. Both sides run as processes on the same two request-latencies
 * files (the JSON a contributor's timing script writes with `indent=2`): ours as a user runs it
 * (`compare --json` from the bundle, see _entry.ts), the peer a python3 script that loads both with
 * `json.load`, takes the latencies of succeeded requests into numpy arrays and computes what
 * compare computes at that size: the mean improvement, its asymptotic interval (delta method on
 * the means with sample standard errors) and `scipy.stats.mannwhitneyu(method="asymptotic")`.
 * Rounds alternate the two and the medians count; the results must agree.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { median } from './_data.js';
import { measure, type Measured } from './_measure.js';
import type { Bench, BenchOptions, BenchResult } from './types.js';

const ROUNDS = 3;
const TARGET_N = 1_000_000;
const SPEEDUP_TARGET = 3;
const RSS_LIMIT_MIB = 200;

const PEER = `
import json, sys
import numpy as np
from scipy.stats import mannwhitneyu
def load(p):
    with open(p) as f:
        d = json.load(f)
    return np.array([r["latency_s"] * 1000 for r in d["requests"] if r.get("ok", True)], dtype=np.float64)
b, c = load(sys.argv[1]), load(sys.argv[2])
mb, mc = b.mean(), c.mean()
seb, sec = b.std(ddof=1) / np.sqrt(len(b)), c.std(ddof=1) / np.sqrt(len(c))
imp = (mb - mc) * 100 / mb
se = 100 * (mc / mb) * np.hypot(sec / mc, seb / mb)
z = 1.959963984540054
p = mannwhitneyu(b, c, alternative="two-sided", method="asymptotic").pvalue
print(json.dumps({"improvementPct": imp, "ci95": [imp - z * se, imp + z * se], "pValue": p}))
`;

/** `{"requests":[{"i","latency_s","ok","status"}...]}` with a right-skewed latency around `scaleS`. */
function writeLatencies(file: string, n: number, scaleS: number, seed: number): void {
  if (existsSync(file)) return;
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const fd = openSync(file + '.part', 'w');
  try {
    writeSync(fd, '{\n  "requests": [\n');
    let buf = '';
    for (let i = 0; i < n; i++) {
      const l = (scaleS * Math.exp(0.25 * (rnd() + rnd() + rnd() - 1.5))).toFixed(6);
      buf += `    {\n      "i": ${i},\n      "latency_s": ${l},\n      "ok": true,\n      "status": 200\n    }${i < n - 1 ? ',' : ''}\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf + '  ]\n}\n');
  } finally {
    closeSync(fd);
  }
  renameSync(file + '.part', file);
}

interface Out {
  improvementPct: number;
  ci95: [number, number];
  pValue: number;
}

function agree(a: Out, b: Out): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
  return close(a.improvementPct, b.improvementPct) && close(a.ci95[0], b.ci95[0]) && close(a.ci95[1], b.ci95[1]) && Math.abs(a.pValue - b.pValue) <= 1e-9;
}

async function run({ full, dataDir, cli, log }: BenchOptions): Promise<BenchResult> {
  const havePeer = spawnSync('python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' }).status === 0;
  const script = path.join(dataDir, 'compare-peer.py');
  writeFileSync(script, PEER);
  const rows: string[][] = [];
  const notes: string[] = [];
  let met = true;
  for (const n of full ? [100_000, TARGET_N, 4 * TARGET_N] : [100_000, TARGET_N]) {
    log(`compare: writing ${n} + ${n} samples`);
    const base = path.join(dataDir, `compare-base-${n}.json`);
    const cand = path.join(dataDir, `compare-cand-${n}.json`);
    writeLatencies(base, n, 1.5, 1);
    writeLatencies(cand, n, 1.3, 2);
    const ours: Measured[] = [];
    const peer: Measured[] = [];
    for (let k = 0; k < ROUNDS; k++) {
      log(`compare: ${n} + ${n}, round ${k + 1}/${ROUNDS}`);
      ours.push(await measure(process.execPath, [cli, 'compare', base, cand, '--json']));
      if (havePeer) peer.push(await measure('python3', [script, base, cand]));
    }
    const bad = ours.find((m) => m.code !== 0);
    if (bad) throw new Error(`compare exited ${bad.code}: ${bad.stderr.slice(-800)}`);
    const o = median(ours.map((m) => m.seconds));
    const rss = Math.max(...ours.map((m) => m.peakRssMiB ?? NaN));
    const p = havePeer ? median(peer.map((m) => m.seconds)) : NaN;
    const ratio = p / o;
    const same = havePeer && peer.every((m) => m.code === 0) ? agree(JSON.parse(ours[0]!.stdout) as Out, JSON.parse(peer[0]!.stdout) as Out) : false;
    const target = n === TARGET_N;
    const ok = havePeer && ratio >= SPEEDUP_TARGET && rss <= RSS_LIMIT_MIB && same;
    if (target) met = ok;
    rows.push([
      `${n.toLocaleString('en-US')} + ${n.toLocaleString('en-US')}`,
      o.toFixed(3),
      havePeer ? p.toFixed(3) : '-',
      havePeer ? ratio.toFixed(2) : '-',
      rss.toFixed(0),
      havePeer ? Math.max(...peer.map((m) => m.peakRssMiB ?? NaN)).toFixed(0) : '-',
      havePeer ? (same ? 'yes' : 'NO') : '-',
      target ? (ok ? 'yes' : 'no') : '-',
    ]);
  }
  if (!havePeer) notes.push('python3 with numpy and scipy not found: no peer (apt-get install python3-numpy python3-scipy)');
  notes.push(`target at ${TARGET_N.toLocaleString('en-US')} + ${TARGET_N.toLocaleString('en-US')}: peer/ours >= ${SPEEDUP_TARGET}, peak RSS <= ${RSS_LIMIT_MIB} MiB, same numbers`);
  return {
    title: '`compare` of two request-latencies files vs numpy/scipy, same method (process start included, medians of alternating rounds)',
    headers: ['samples', 'ours s', 'numpy/scipy s', 'peer/ours', 'ours RSS MiB', 'peer RSS MiB', 'same result', 'target met'],
    rows,
    targetMet: met,
    notes,
  };
}

export const bench: Bench = { name: 'compare', run };

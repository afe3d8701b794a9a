/** Shared helpers of the pipeline tests: the CLI in-process with a captured Io, temp copies of the example. */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const examplesDir = path.join(repoRoot, 'evidence', 'examples');
export const stage1Config = 'evidence/examples/metax-paddleocr-vl-stage1/rfc-evidence.yaml';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  stderrIsTTY?: boolean;
  env?: Record<string, string | undefined>;
}

/** Run `rfc-evidence <argv>` in-process with `cwd` as its working directory. */
export async function cli(argv: string[], cwd: string, options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    stderrIsTTY: options.stderrIsTTY ?? false,
    stdoutIsTTY: false,
    env: options.env ?? { NO_COLOR: '1' },
    cwd,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test file. */
export function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'rfc-evidence-pipeline-'));
  made.push(d);
  return d;
}

/** Write files (relative path -> content) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** What a fresh clone has: not the local hash cache that `check` keeps next to a config. */
const committed = (src: string) => path.basename(src) !== '.rfc-evidence-cache';

/** Copy `evidence/examples` and `rfcs` into a temp folder, keeping their layout (the example config points at ../../../rfcs). */
export function copyRepoExample(): string {
  const d = tempDir();
  cpSync(path.join(repoRoot, 'evidence', 'examples'), path.join(d, 'evidence', 'examples'), { recursive: true, filter: committed });
  cpSync(path.join(repoRoot, 'rfcs'), path.join(d, 'rfcs'), { recursive: true, filter: committed });
  // A clone is a git work tree: its root is the project root the example's ../../../rfcs lies in.
  mkdirSync(path.join(d, '.git'));
  return d;
}

/** Copy a prepared tree into a fresh temp folder (cheaper than preparing it again). */
export function cloneTree(from: string): string {
  const d = tempDir();
  cpSync(from, d, { recursive: true });
  return d;
}

/** The diagnostic lines of a text report with this id, e.g. `[digest.mismatch]`. */
export function linesWithId(report: string, id: string): string[] {
  return report.split('\n').filter((l) => l.endsWith(`[${id}]`));
}

/** Copy only the example evidence (no committed documents) into a temp folder. */
export function copyExampleEvidence(): string {
  const d = tempDir();
  cpSync(path.join(repoRoot, 'evidence', 'examples'), path.join(d, 'evidence', 'examples'), { recursive: true, filter: committed });
  mkdirSync(path.join(d, '.git'));
  return d;
}

/** Every `rfc-evidence*.yaml` of every example, relative to the repo root (POSIX). */
export function exampleConfigs(): string[] {
  const out: string[] = [];
  for (const ex of readdirSync(examplesDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const f of readdirSync(path.join(examplesDir, ex.name))) {
      if (/^rfc-evidence.*\.ya?ml$/.test(f)) out.push(`evidence/examples/${ex.name}/${f}`);
    }
  }
  return out.sort();
}

/** Every file under `dir`, as POSIX paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A contributor request-latency JSON (docs/architecture.md, formats 1d) with the given latencies in seconds. */
export function latencyJson(latenciesS: number[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, requests: latenciesS.map((l, i) => ({ i, latency_s: l, ok: true, status: 200 })) }, null, 2) + '\n';
}

/** A minimal valid config; `inputs` is YAML for the inputs list (already indented by two). */
export function miniConfig(inputs: string, extra = ''): string {
  return [
    'rfc:',
    '  title: 测试任务',
    '  slug: pipeline_test',
    '  project: FastDeploy',
    '  author: tester',
    '  date: "2026-01-02"',
    '  version: V1.0',
    'outDir: out',
    'evidenceDir: out/evidence/20260102_pipeline_test',
    ...(extra ? [extra] : []),
    'inputs:',
    inputs,
    '',
  ].join('\n');
}

/** collect then render `config` (relative to `root`) in-process; throws with the CLI's output when either fails. */
export async function collectAndRender(root: string, config: string): Promise<void> {
  for (const command of ['collect', 'render']) {
    const r = await cli([command, '--config', config], root);
    if (r.code !== 0) throw new Error(`${command} --config ${config} exited ${r.code}\n${r.stdout}${r.stderr}`);
  }
}

/** Every file under `dir` with its bytes, for byte-for-byte comparison of two trees. */
export function snapshot(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
}

/** Files that differ between two snapshots: changed, added (+) or removed (-). */
export function treeDiff(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [f, b] of before) {
    const a = after.get(f);
    if (!a) out.push(`- ${f}`);
    else if (!a.equals(b)) out.push(`~ ${f}`);
  }
  for (const f of after.keys()) if (!before.has(f)) out.push(`+ ${f}`);
  return out.sort((x, y) => (x.slice(2) < y.slice(2) ? -1 : 1));
}

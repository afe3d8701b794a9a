import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

/** A throwaway project: one formal benchmark (request latencies), its config, collected. */
export interface Project {
  dir: string;
  /** Run the CLI in the project folder; returns exit code and output. */
  cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Replace the benchmark's latencies (seconds) and collect again. */
  rerun(latencies: number[]): Promise<void>;
  docs(): Record<string, string>;
  doc(name: 'report' | 'exec_summary' | 'evidence_manifest'): string;
  file(name: 'report' | 'exec_summary' | 'evidence_manifest'): string;
}

export const LATENCIES = [0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38, 0.39, 0.4, 0.41];

export async function project(extraRfc = ''): Promise<Project> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rfc-living-'));
  writeFileSync(
    path.join(dir, 'rfc-evidence.yaml'),
    `rfc:\n  title: 测试报告\n  slug: demo_stage1\n  project: FastDeploy\n  author: Tester\n  date: "2026-04-23"\n  version: V1.0\n${extraRfc}outDir: out\nevidenceDir: out/evidence\ninputs:\n  - path: formal.json\n    role: benchmark.formal\n`,
  );
  const cli = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: dir };
    const code = await run(argv, io);
    return { code, stdout, stderr };
  };
  const rerun = async (latencies: number[]) => {
    const requests = latencies.map((l, i) => ({ i, latency_s: l, ok: true, status: 200, phase: 'sequential', concurrency: 1, start_s: i * 0.5, output_tokens: 40 }));
    writeFileSync(path.join(dir, 'formal.json'), JSON.stringify({ name: 'formal', model: 'm', params: { max_num_seqs: 8 }, requests }, null, 1));
    const c = await cli('collect', '--quiet');
    if (c.code !== 0) throw new Error(`collect failed: ${c.stderr}`);
  };
  await rerun(LATENCIES);
  const file = (name: string) => path.join(dir, 'out', `20260423_demo_stage1_${name}_for_fastdeploy.md`);
  return {
    dir,
    cli,
    rerun,
    file,
    doc: (name) => readFileSync(file(name), 'utf8'),
    docs: () => Object.fromEntries(readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.md')).map((f) => [f, readFileSync(path.join(dir, 'out', f), 'utf8')])),
  };
}

/**
 * A scratch fork of the community repository as a contributor has it: raw evidence outside the
 * repository (with the quirks real files have), `rfcs/FastDeploy/rfc-evidence.yaml` pointing at
 * it, documents and copies to be written beside the config. Used by the integration tests.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { examplesDir } from '../pipeline/helpers.js';
import { gitInit } from './_tools.js';

export interface Fork {
  raw: string;
  repo: string;
  /** The config's folder, rfcs/FastDeploy. */
  project: string;
  /** evidenceDir relative to the project. */
  evidenceDir: string;
}

export function communityFork(root: string): Fork {
  const raw = path.join(root, 'raw');
  const repo = path.join(root, 'community');
  quirkyRaw(raw);
  gitInit(repo);
  const project = path.join(repo, 'rfcs', 'FastDeploy');
  const evidenceDir = 'evidence/20260423_paddleocr_vl_metax_stage1';
  const config = YAML.parse(readFileSync(path.join(raw, 'rfc-evidence.yaml'), 'utf8')) as { outDir: string; evidenceDir: string; patchNotes?: string; inputs: Array<{ path?: string; glob?: string; role?: string; allowOutside?: boolean }> };
  config.outDir = '.';
  mkdirSync(project, { recursive: true });
  // The author's patch notes are published: they live in the fork, next to the config (a notes
  // file outside the project root is refused, unlike raw inputs marked allowOutside).
  if (typeof config.patchNotes === 'string') cpSync(path.join(raw, config.patchNotes), path.join(project, config.patchNotes));
  config.evidenceDir = evidenceDir;
  config.inputs = [...config.inputs, { path: 'service/log/workerlog.1', role: 'log' }].map((i) => ({
    ...i,
    ...(i.path ? { path: path.join(raw, i.path) } : {}),
    ...(i.glob ? { glob: `${raw}/${i.glob}` } : {}),
    // The raw files live outside the community fork, as on a contributor's GPU server.
    allowOutside: true,
  }));
  writeFileSync(path.join(project, 'rfc-evidence.yaml'), YAML.stringify(config));
  return { raw, repo, project, evidenceDir };
}

/** The example's raw evidence with the quirks real files have. */
export function quirkyRaw(dir: string): void {
  cpSync(path.join(examplesDir, 'metax-paddleocr-vl-stage1'), dir, { recursive: true, filter: (p) => !p.includes('.rfc-evidence-cache') });
  const edit = (rel: string, f: (s: string) => string) => writeFileSync(path.join(dir, rel), f(readFileSync(path.join(dir, rel), 'utf8')));
  // mx-smi pads its box columns; json.dump writes no final newline; a CSV saved on Windows has CRLF and a trailing blank line.
  edit('profiling/mx-smi_formal.log', (s) => s.replace(/\|\n/g, '|   \n'));
  edit('formal/benchmark_formal.json', (s) => s.trimEnd());
  edit('profiling/kernel_summary.csv', (s) => s.replace(/\n/g, ' \r\n') + '\r\n');
  edit('notes/run_notes.md', (s) => s + '\n\n\n');
  // A worker log over the 1024 KB limit: recorded as external, never copied.
  writeFileSync(path.join(dir, 'service/log/workerlog.1'), 'INFO     2026-04-22 14:20:01,000 1 worker.py[line:1] step   \n'.repeat(20_000));
}


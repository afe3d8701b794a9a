import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG } from '../../config.js';
import { builtinSets, DEFAULT_SET } from '../../render/document-sets.js';
import type { Io } from '../io.js';
import type { CliCommand } from '../types.js';

const STARTER = `# yaml-language-server: $schema=./node_modules/rfc-evidence/schemas/config.schema.json
# rfc-evidence configuration. Relative paths resolve against this file's folder.
# Every key is documented in the rfc-evidence README ("Config keys").
rfc:
  title: FastDeploy PaddleOCR-VL 适配阶段一报告     # 任务名称
  slug: paddleocr_vl_stage1                          # file names: YYYYMMDD_<slug>_report_for_<project>.md
  project: FastDeploy                                # rfcs/<project>/ in PaddlePaddle/community
  author: your-github-id                             # 提交作者
  date: 2026-01-01                                   # 提交时间 (YYYY-MM-DD); never taken from the clock
  version: V1.0                                      # 版本号
  paddleVersion: paddle==3.4.0                       # 依赖飞桨版本
  language: zh                                       # zh | en
  # profile: hackathon10-metax-stage1                # acceptance profile checked by \`check\`
  # background: 背景与目标的初稿（仅首次生成时写入）
documents: stage                                     # stage (report, summary, manifest) | design | op-optimization
# patchNotes: patch-notes.yaml                       # per patched file: what, why, necessity (required | fallback)
outDir: rfcs/FastDeploy                              # where the documents go
evidenceDir: rfcs/FastDeploy/evidence/20260101_paddleocr_vl_stage1   # published copies + manifest.json
inputs:                                              # files or globs; role is inferred when omitted
  - path: env/environment.txt
    role: environment
  - glob: logs/*.log
    role: service.startup
  - path: benchmark/benchmark_formal.json
    role: benchmark.formal
  # - glob: profiling/*
  #   kind: gpu-samples                              # force a kind instead of detection
`;

/** The starter with the chosen document set (the set decides which documents render writes). */
function starter(set: string): string {
  return STARTER.replace(/^documents: stage( +)/m, (_, pad: string) => `documents: ${set}${' '.repeat(Math.max(1, pad.length + 'stage'.length - set.length))}`);
}

export const command: CliCommand = {
  name: 'init',
  register(program: Command, io: Io, exit) {
    program
      .command('init')
      .argument('[dir]', 'folder to write rfc-evidence.yaml into', '.')
      .option('--documents <set>', 'document set: stage (default), design or op-optimization')
      .description('write a commented starter rfc-evidence.yaml (never overwrites a file)')
      .action((dir: string, local: { documents?: string }) => {
        const opts = program.opts<{ json?: boolean; quiet?: boolean }>();
        const sets = builtinSets();
        if (local.documents !== undefined && !sets.includes(local.documents)) {
          io.stderr(`error: unknown document set '${local.documents}': expected one of ${sets.join(', ')}\n`);
          exit(2);
          return;
        }
        const target = path.resolve(io.cwd, dir, DEFAULT_CONFIG);
        const shown = path.relative(io.cwd, target) || target;
        // lstat, not exists: a dangling symbolic link is a file init must not write through.
        if (lstatOrUndefined(target)) {
          const link = lstatOrUndefined(target)!.isSymbolicLink() ? ' (a symbolic link)' : '';
          io.stderr(`error: ${shown} already exists${link}; rfc-evidence init never overwrites a file\n`);
          if (opts.json) io.stdout(JSON.stringify({ written: null, exists: shown }) + '\n');
          exit(2);
          return;
        }
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, starter(local.documents ?? DEFAULT_SET), { flag: 'wx' });
        if (opts.json) io.stdout(JSON.stringify({ written: shown }) + '\n');
        else if (!opts.quiet) io.stdout(`wrote ${shown}\n`);
      });
  },
};

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

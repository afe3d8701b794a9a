#!/usr/bin/env node
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { codeDir } from '../paths.js';
import { loadConfig } from '../config.js';
import { error, UsageError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { report } from '../diagnostics/reporter.js';
import { discover } from '../util/discover.js';
import { packageVersion } from '../version.js';
import { processIo, useColor, type Io } from './io.js';
import type { CliCommand } from './types.js';

/**
 * Run the CLI with `argv` (without node and script) and return the exit code:
 * 0 success, 1 findings, 2 usage or config error. Never calls process.exit itself.
 */
export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = new Command('rfc-evidence')
    .description('Turn raw performance evidence into the RFC report, executive summary and evidence manifest, and keep them checkable.')
    .version(packageVersion)
    .option('-c, --config <file>', 'config file', 'rfc-evidence.yaml')
    .option('--json', 'machine-readable result on stdout, nothing else there')
    .option('-q, --quiet', 'print only errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const c of await discover<CliCommand>(path.join(codeDir, 'cli', 'commands'), 'command')) {
    c.register(program, io, (n) => {
      code = Math.max(code, n);
    });
  }
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  // Every command but init validates the config when one is named or present, so a config error
  // is exit 2 whatever the command (inspect and compare need no config otherwise).
  program.hook('preAction', (_root, action) => {
    if (action.name() === 'init' || action.name() === 'help') return;
    const file = program.opts<{ config: string }>().config;
    if (program.getOptionValueSource('config') === 'cli' || existsSync(path.resolve(io.cwd, file))) loadConfig(file, io.cwd);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (e instanceof UsageError) {
      const opts = program.opts<{ json?: boolean }>();
      if (opts.json) io.stdout(JSON.stringify({ error: e.message, diagnostics: e.diagnostics }, null, 2) + '\n');
      io.stderr(e.diagnostics.length ? report(e.diagnostics, 'text', { color: useColor(io, io.stderrIsTTY) }) : `error: ${e.message}\n`);
      // In CI (`--format github`, the Action) a config error is an annotation too, not only a log line.
      if (argv.some((a, i) => a === '--format=github' || (a === '--format' && argv[i + 1] === 'github'))) {
        io.stdout(report(e.diagnostics.length ? e.diagnostics : [error('usage', e.message)], 'github'));
      }
      return 2;
    }
    const io_ = ioFailure(e);
    if (io_) {
      io.stderr(report([io_], 'text', { color: useColor(io, io.stderrIsTTY) }));
      return 2;
    }
    io.stderr(`rfc-evidence: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

const IO_CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a path component is not a folder',
  EISDIR: 'is a folder, expected a file',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many symbolic links',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EBUSY: 'resource busy',
};

/** A file system error from any command, as a diagnostic naming the path (exit 2, not a stack trace). */
function ioFailure(e: unknown): Diagnostic | undefined {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const reason = typeof err?.code === 'string' ? IO_CODES[err.code] : undefined;
  if (reason === undefined) return undefined;
  const where = err.dest ? `${err.path} -> ${err.dest}` : err.path;
  return error(`io.${err.code!.toLowerCase()}`, `cannot ${err.syscall ?? 'access'} ${where ?? 'a file'}: ${reason}`, { ...(err.path ? { file: err.path } : {}), hint: 'check the folder exists, is a folder, and is writable' });
}

let started = false;

/** Run the CLI on process.argv and set the exit code; once per process (bin.ts calls it too, see there). */
export function runAsBin(): void {
  if (started) return;
  started = true;
  endQuietlyOnClosedPipes();
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

/**
 * A reader that stops early (`rfc-evidence adapters | head`) closes the pipe: end at once with
 * exit 0 and no trace, as Unix tools do; nothing more can reach the reader anyway.
 */
export function endQuietlyOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(0);
    });
  }
}

// Run when executed as the bin (not when imported by tests).
// npm installs the bin as a symlink, so compare real paths.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(path.resolve(process.argv[1]))).href) runAsBin();

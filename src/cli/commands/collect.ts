import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { report } from '../../diagnostics/reporter.js';
import { useColor, type Io } from '../io.js';
import type { CliCommand } from '../types.js';

export const command: CliCommand = {
  name: 'collect',
  register(program: Command, io: Io, exit) {
    program
      .command('collect')
      .option('--dry-run', 'parse and hash, but write nothing')
      .option('--no-cache', 'read every input again instead of reusing the entries of unchanged ones from .rfc-evidence-cache/')
      .description('scan inputs, parse, validate, hash, copy (redacted) into evidenceDir and write the manifest')
      .action(async (local: { dryRun?: boolean; cache: boolean }) => {
        // Implementations load on use: a command pays start-up time only for its own modules.
        const { collect } = await import('../../evidence/collect.js');
        const opts = program.opts<{ config: string; json?: boolean; quiet?: boolean }>();
        const config = loadConfig(opts.config, io.cwd);
        const progress = io.stderrIsTTY && !opts.quiet && !opts.json ? (m: string) => io.stderr(`\r\u001b[2K${m}`) : undefined;
        const { manifest, diagnostics } = await collect(config, { ...(progress ? { progress } : {}), dryRun: local.dryRun ?? false, cache: local.cache });
        if (progress) io.stderr('\r\u001b[2K');
        const failed = hasErrors(diagnostics);
        if (opts.json) {
          io.stdout(JSON.stringify({ evidenceDir: config.evidenceDir, entries: manifest.entries.map(({ record: _r, ...e }) => e), diagnostics }, null, 2) + '\n');
        } else {
          const shown = opts.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
          if (shown.length) io.stderr(report(shown, 'text', { color: useColor(io, io.stderrIsTTY) }));
          if (!opts.quiet) {
            const external = manifest.entries.filter((e) => e.storage === 'external').length;
            const invalid = manifest.entries.filter((e) => !e.valid).length;
            io.stdout(`collected ${manifest.entries.length} file(s) into ${config.evidenceDir}${external ? `, ${external} external (over 1024 KB)` : ''}${invalid ? `, ${invalid} invalid` : ''}${local.dryRun ? ' (dry run: nothing written)' : ''}\n`);
          }
        }
        exit(failed ? 1 : 0);
      });
  },
};

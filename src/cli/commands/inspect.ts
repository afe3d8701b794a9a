import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { report } from '../../diagnostics/reporter.js';
import { useColor, type Io } from '../io.js';
import type { CliCommand } from '../types.js';

export const command: CliCommand = {
  name: 'inspect',
  register(program: Command, io: Io, exit) {
    program
      .command('inspect')
      .argument('<file...>', 'evidence files to read')
      .option('--kind <kind>', 'force a record kind or adapter id instead of detection')
      .description('detect each file\'s kind, parse and validate it, and print the normalized record(s)')
      .action(async (files: string[], local: { kind?: string }) => {
        // Implementations load on use: a command pays start-up time only for its own modules.
        const [{ openArtifact }, { parseArtifact }] = await Promise.all([import('../../evidence/artifact.js'), import('../../evidence/parse-file.js')]);
        const opts = program.opts<{ json?: boolean; quiet?: boolean }>();
        const results = [];
        for (const f of files) {
          const abs = path.resolve(io.cwd, f);
          let input;
          try {
            input = await openArtifact(abs, f);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            results.push({ path: f, kind: null, tool: null, valid: false, record: null, diagnostics: [{ id: 'input.unreadable', severity: 'error', file: f, message: `cannot read: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}` }] });
            continue;
          }
          const parsed = await parseArtifact(input, local.kind);
          results.push({ path: f, kind: parsed.kind, tool: parsed.tool, adapter: parsed.adapter ?? null, valid: parsed.valid, record: parsed.record ?? null, diagnostics: parsed.diagnostics });
        }
        const invalid = results.some((r) => !r.valid || hasErrors(r.diagnostics as never));
        if (opts.json) io.stdout(JSON.stringify({ results }, null, 2) + '\n');
        else {
          for (const r of results) {
            io.stdout(`${r.path}: ${r.valid ? 'ok' : 'INVALID'} kind=${r.kind ?? '-'} tool=${r.tool ?? '-'}${'adapter' in r && r.adapter ? ` adapter=${r.adapter}` : ''}\n`);
            if (!opts.quiet && r.record) io.stdout(JSON.stringify(r.record, null, 2) + '\n');
            if (r.diagnostics.length) io.stderr(report(r.diagnostics as never, 'text', { color: useColor(io, io.stderrIsTTY) }));
          }
        }
        exit(invalid ? 1 : 0);
      });
  },
};

import { appendFileSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { Option as CommanderOption } from 'commander';
import { runChecks } from '../../checks/index.js';
import { loadConfig } from '../../config.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { counts, report, type ReportFormat } from '../../diagnostics/reporter.js';
import { useColor, type Io } from '../io.js';
import type { CliCommand } from '../types.js';

export const command: CliCommand = {
  name: 'check',
  register(program: Command, io: Io, exit) {
    const format: Option = new CommanderOption('--format <format>', 'output format').choices(['text', 'json', 'github', 'sarif']).default('text');
    program
      .command('check')
      .addOption(format)
      .description('validate config, manifest, records, digests and documents; report every problem in one run')
      .action(async (local: { format: ReportFormat }) => {
        const opts = program.opts<{ config: string; json?: boolean; quiet?: boolean }>();
        const config = loadConfig(opts.config, io.cwd);
        const { diagnostics, rules } = await runChecks(config, io.cwd);
        const fmt: ReportFormat = opts.json ? 'json' : local.format;
        const shown = opts.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
        const out = report(shown, fmt, { color: useColor(io, io.stdoutIsTTY), rules: rules.map((r) => ({ id: r.id, description: r.description })) });
        if (fmt !== 'text' || shown.length > 0 || !opts.quiet) io.stdout(fmt === 'text' && shown.length === 0 ? `check passed: ${rules.length} rules, no findings\n` : out);
        if (fmt === 'github' && io.env.GITHUB_STEP_SUMMARY) {
          const c = counts(diagnostics);
          appendFileSync(
            io.env.GITHUB_STEP_SUMMARY,
            `## rfc-evidence check\n\n${c.errors} error(s), ${c.warnings} warning(s) from ${rules.length} rules.\n\n` +
              (diagnostics.length ? '| severity | location | rule | message |\n| --- | --- | --- | --- |\n' + diagnostics.map((d) => `| ${d.severity} | ${d.file ?? ''}${d.line !== undefined ? `:${d.line}` : ''} | ${d.id} | ${d.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`).join('\n') + '\n' : ''),
          );
        }
        exit(hasErrors(diagnostics) ? 1 : 0);
      });
  },
};

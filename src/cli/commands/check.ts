import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { Option as CommanderOption } from 'commander';
import { loadConfig } from '../../config.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { githubSummary, report, type ReportFormat } from '../../diagnostics/reporter.js';
import { writeFileAtomic } from '../../util/fs.js';
import { useColor, type Io } from '../io.js';
import type { CliCommand } from '../types.js';

export const command: CliCommand = {
  name: 'check',
  register(program: Command, io: Io, exit) {
    const format: Option = new CommanderOption('--format <format>', 'output format').choices(['text', 'json', 'github', 'sarif']).default('text');
    program
      .command('check')
      .addOption(format)
      .option('--profile <name-or-file>', 'acceptance profile: a built-in name or a profile file (default: rfc.profile of the config; paddle-community always applies)')
      .option('--no-cache', 'hash every file again instead of trusting .rfc-evidence-cache/')
      .option('--sarif-file <file>', 'also write the findings as SARIF 2.1.0 to this file (for a code-scanning upload), whatever --format says')
      .description('validate manifest, records, digests, documents, community rules and the task profile; report every problem in one run')
      .action(async (local: { format: ReportFormat; profile?: string; cache: boolean; sarifFile?: string }) => {
        // Implementations load on use: a command pays start-up time only for its own modules.
        const [{ loadProfile }, { runChecks }] = await Promise.all([import('../../profile.js'), import('../../checks/index.js')]);
        const opts = program.opts<{ config: string; json?: boolean; quiet?: boolean }>();
        const config = loadConfig(opts.config, io.cwd);
        const profile = local.profile !== undefined ? loadProfile(local.profile, io.cwd) : undefined;
        const result = await runChecks(config, io.cwd, { ...(profile ? { profile } : {}), cache: local.cache });
        const { diagnostics, rules } = result;
        const fmt: ReportFormat = opts.json ? 'json' : local.format;
        const shown = opts.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
        const ruleInfo = rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity }));
        const profileName = result.profile?.name;
        if (fmt === 'text' && shown.length === 0) {
          if (!opts.quiet) io.stdout(`check passed: ${rules.length} rules${profileName ? `, profile ${profileName}` : ''}, no findings\n`);
        } else io.stdout(report(shown, fmt, { color: useColor(io, io.stdoutIsTTY), rules: ruleInfo }));
        if (fmt === 'github' && io.env.GITHUB_STEP_SUMMARY) {
          appendFileSync(io.env.GITHUB_STEP_SUMMARY, githubSummary(diagnostics, { rules: rules.length, ...(profileName ? { profile: profileName } : {}) }));
        }
        if (local.sarifFile !== undefined) writeFileAtomic(path.resolve(io.cwd, local.sarifFile), report(diagnostics, 'sarif', { rules: ruleInfo }));
        exit(hasErrors(diagnostics) ? 1 : 0);
      });
  },
};

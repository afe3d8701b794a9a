import path from 'node:path';
import type { Command, Option } from 'commander';
import { Option as CommanderOption } from 'commander';
import { loadConfig } from '../../config.js';
import { report } from '../../diagnostics/reporter.js';
import { loadManifestFor, planRender, writePlan } from '../../render/render.js';
import { useColor, type Io } from '../io.js';
import type { CliCommand } from '../types.js';

export const command: CliCommand = {
  name: 'render',
  register(program: Command, io: Io, exit) {
    const lang: Option = new CommanderOption('--lang <lang>', 'document language (default: rfc.language)').choices(['zh', 'en']);
    program
      .command('render')
      .addOption(lang)
      .option('--force', 'overwrite regions that were edited by hand')
      .description('create the three documents, or update the generated regions of existing ones')
      .action((local: { lang?: 'zh' | 'en'; force?: boolean }) => {
        const opts = program.opts<{ config: string; json?: boolean; quiet?: boolean }>();
        const config = loadConfig(opts.config, io.cwd);
        const manifest = loadManifestFor(config);
        const plan = planRender(config, manifest, { force: local.force ?? false, ...(local.lang ? { lang: local.lang } : {}) });
        const written = plan.ok ? writePlan(plan) : [];
        const show = (f: string) => path.relative(io.cwd, f).split(path.sep).join('/');
        if (opts.json) {
          io.stdout(
            JSON.stringify(
              {
                ok: plan.ok,
                documents: plan.documents.map((d) => ({ file: show(d.file), created: d.previous === undefined, written: written.includes(d.file), changedRegions: d.changedRegions, insertedRegions: d.insertedRegions })),
                diagnostics: plan.diagnostics,
              },
              null,
              2,
            ) + '\n',
          );
        } else {
          if (plan.diagnostics.length) io.stderr(report(plan.diagnostics, 'text', { color: useColor(io, io.stderrIsTTY) }));
          if (!plan.ok) io.stderr('render refused: nothing was written\n');
          else if (!opts.quiet) {
            for (const d of plan.documents) {
              const state = d.previous === undefined ? 'created' : written.includes(d.file) ? `updated (${[...d.changedRegions, ...d.insertedRegions].join(', ') || 'text'})` : 'unchanged';
              io.stdout(`${show(d.file)}: ${state}\n`);
            }
          }
        }
        exit(plan.ok ? 0 : 1);
      });
  },
};

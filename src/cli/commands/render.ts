import path from 'node:path';
import type { Command, Option } from 'commander';
import { Option as CommanderOption } from 'commander';
import { loadConfig } from '../../config.js';
import { report } from '../../diagnostics/reporter.js';
import { signedPct } from '../../render/format.js';
import type { RenderedDocument } from '../../render/render.js';
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
      .option('--bump', 'raise the version (V1.0 -> V1.1) and add a change-log entry listing the changed numbers')
      .option('--start-over', 'write the documents afresh, replacing existing ones (needed to change their language)')
      .description("create the document set's documents, or update the generated regions of existing ones")
      .action(async (local: { lang?: 'zh' | 'en'; force?: boolean; bump?: boolean; startOver?: boolean }) => {
        // Implementations load on use: a command pays start-up time only for its own modules.
        const { loadManifestFor, planRender, regionDiagnostics, writePlan } = await import('../../render/render.js');
        const opts = program.opts<{ config: string; json?: boolean; quiet?: boolean }>();
        const config = loadConfig(opts.config, io.cwd);
        const manifest = loadManifestFor(config);
        const force = local.force ?? false;
        const plan = await planRender(config, manifest, { force, bump: local.bump ?? false, startOver: local.startOver ?? false, ...(local.lang ? { lang: local.lang } : {}) });
        const written = plan.ok ? writePlan(plan) : [];
        const show = (f: string) => path.relative(io.cwd, f).split(path.sep).join('/');
        const diagnostics = regionDiagnostics(plan.documents, show, force);
        const state = (d: RenderedDocument) =>
          d.previous === undefined ? 'created' : !written.includes(d.file) ? (plan.ok ? 'unchanged' : 'refused') : local.startOver ? 'rewritten' : 'updated';
        if (opts.json) {
          io.stdout(
            JSON.stringify(
              {
                ok: plan.ok,
                version: plan.version,
                documents: plan.documents.map((d) => ({
                  file: show(d.file),
                  state: state(d),
                  created: d.previous === undefined,
                  written: written.includes(d.file),
                  changedRegions: d.changedRegions,
                  insertedRegions: d.insertedRegions,
                  deletedRegions: d.deletedRegions,
                  numbers: d.numbers.flatMap((n) => n.changes.map((c) => ({ region: n.region, label: c.label, old: c.old, new: c.new, ...(c.deltaPct !== undefined ? { deltaPct: Number(c.deltaPct.toFixed(4)) } : {}) }))),
                })),
                removedCharts: plan.ok ? plan.staleAssets.map(show) : [],
                diagnostics,
              },
              null,
              2,
            ) + '\n',
          );
        } else {
          if (diagnostics.length) io.stderr(report(diagnostics, 'text', { color: useColor(io, io.stderrIsTTY) }));
          if (!plan.ok) io.stderr('render refused: nothing was written\n');
          else if (!opts.quiet) {
            if (plan.version.current !== plan.version.previous) io.stdout(`version ${plan.version.previous} -> ${plan.version.current}\n`);
            for (const d of plan.documents) io.stdout(describe(d, state(d), show));
            for (const f of plan.staleAssets) io.stdout(`${show(f)}: removed (no document uses this chart any more)\n`);
          }
        }
        // Another language is a usage error (exit 2): no flag but --start-over makes it work.
        exit(plan.ok ? 0 : plan.documents.some((d) => d.language) ? 2 : 1);
      });
  },
};

/** A document's line, then one line per changed number: `  formal  全部 · 平均 (s): 1.000 -> 0.950 (-5.0%)`. */
function describe(d: RenderedDocument, state: string, show: (f: string) => string): string {
  const regions = [...d.changedRegions, ...d.insertedRegions.map((id) => `+${id}`)];
  let out = `${show(d.file)}: ${state}${state === 'updated' ? ` (${regions.join(', ') || 'regions record'})` : ''}\n`;
  for (const n of d.numbers) {
    for (const c of n.changes) out += `  ${n.region}  ${c.label ? `${c.label}: ` : ''}${c.old} -> ${c.new}${c.deltaPct !== undefined ? ` (${signedPct(c.deltaPct, 1)})` : ''}\n`;
    if (n.linesAdded || n.linesRemoved) out += `  ${n.region}  ${n.linesAdded} line(s) with numbers added, ${n.linesRemoved} removed\n`;
  }
  return out;
}

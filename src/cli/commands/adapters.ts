import type { Command } from 'commander';
import { adapters } from '../../adapters/registry.js';
import type { Io } from '../io.js';
import type { CliCommand } from '../types.js';

/** The supported-artifacts table, as the README shows it (a test keeps the README in step). */
export async function adaptersMarkdown(): Promise<string> {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = (await adapters()).map((a) => `| \`${a.id}\` | ${a.kind} | ${esc(a.title)} | ${esc(a.recognisedBy)} | ${esc(a.extracts)} | ${esc(a.cannotKnow ?? '-')} |`);
  return ['| adapter | record kind | reads | recognised by | extracts (statistics read) | cannot know (the format never states it) |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}

export const command: CliCommand = {
  name: 'adapters',
  register(program: Command, io: Io) {
    program
      .command('adapters')
      .option('--markdown', 'print the table as Markdown')
      .description('list the artifact formats rfc-evidence reads (one adapter each)')
      .action(async (local: { markdown?: boolean }) => {
        const opts = program.opts<{ json?: boolean }>();
        const list = await adapters();
        if (opts.json) io.stdout(JSON.stringify({ adapters: list.map(({ id, kind, title, recognisedBy, extracts, cannotKnow }) => ({ id, kind, title, recognisedBy, extracts, ...(cannotKnow ? { cannotKnow } : {}) })) }, null, 2) + '\n');
        else if (local.markdown) io.stdout(await adaptersMarkdown());
        else for (const a of list) io.stdout(`${a.id.padEnd(30)} ${a.kind.padEnd(18)} ${a.title}\n`);
      });
  },
};

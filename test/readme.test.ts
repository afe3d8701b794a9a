/** The README's supported-artifacts and rule tables are the registries' own descriptions; its list of roles is the schema's. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { adaptersMarkdown } from '../src/cli/commands/adapters.js';
import { rulesMarkdown } from '../src/checks/registry.js';
import { ROLES } from '../src/records.js';

const readmePath = path.join(import.meta.dirname, '..', 'README.md');

it('README lists every adapter as the registry describes it', async () => {
  const readme = readFileSync(readmePath, 'utf8');
  const m = /<!-- adapters:begin -->\n([\s\S]*?)<!-- adapters:end -->/.exec(readme);
  expect(m, 'README has the adapters markers').not.toBeNull();
  const table = await adaptersMarkdown();
  if (process.env.UPDATE_README && m![1] !== table) {
    writeFileSync(readmePath, readme.replace(m![0], `<!-- adapters:begin -->\n${table}<!-- adapters:end -->`));
    return;
  }
  expect(m![1], 'run UPDATE_README=1 npx vitest run test/readme.test.ts').toBe(table);
});

it('README lists every check rule as the rules describe themselves', async () => {
  const readme = readFileSync(readmePath, 'utf8');
  const m = /<!-- rules:begin -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme);
  expect(m, 'README has the rules markers').not.toBeNull();
  const table = await rulesMarkdown();
  if (process.env.UPDATE_README && m![1] !== table) {
    writeFileSync(readmePath, readme.replace(m![0], `<!-- rules:begin -->\n${table}<!-- rules:end -->`));
    return;
  }
  expect(m![1], 'run UPDATE_README=1 npx vitest run test/readme.test.ts').toBe(table);
});

it('README names every role of config.schema.json, in its order', () => {
  const m = /^Roles: ([\s\S]*?)\. Without `role`/m.exec(readFileSync(readmePath, 'utf8'));
  expect(m, 'README has the "Roles: ..." paragraph').not.toBeNull();
  expect([...m![1]!.matchAll(/`([^`]+)`/g)].map((r) => r[1])).toEqual([...ROLES]);
});

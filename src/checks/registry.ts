import path from 'node:path';
import { codeDir } from '../paths.js';
import { discover } from '../util/discover.js';
import type { Rule } from './types.js';

let cache: Promise<Rule[]> | undefined;

/** Every rule in `src/checks/`, by file name order. */
export function rules(): Promise<Rule[]> {
  cache ??= discover<Rule>(path.join(codeDir, 'checks'), 'rule');
  return cache;
}

/** The README's rule table, generated from the rules themselves (id, default severity, description). */
export async function rulesMarkdown(): Promise<string> {
  const rows = (await rules()).map((r) => `| \`${r.id}\` | ${r.severity} | ${r.description.replace(/[|<>]/g, '\\$&')} |`);
  return ['| rule | severity | checks |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}

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

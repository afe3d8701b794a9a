import { codeDir } from '../paths.js';
import path from 'node:path';
import { discover } from '../util/discover.js';
import type { KindDefinition } from './types.js';
import type { NormalizedRecord } from '../records.js';

let cache: Promise<Map<string, KindDefinition>> | undefined;

export function kinds(): Promise<Map<string, KindDefinition>> {
  cache ??= discover<KindDefinition>(path.join(codeDir, 'kinds'), 'kind').then(
    (list) => new Map(list.map((k) => [k.name, k])),
  );
  return cache;
}

export async function kindOf(record: NormalizedRecord): Promise<KindDefinition> {
  const k = (await kinds()).get(record.kind);
  if (!k) throw new Error(`no kind definition for '${record.kind}'`);
  return k;
}

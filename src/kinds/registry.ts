import { codeDir } from '../paths.js';
import path from 'node:path';
import { discover } from '../util/discover.js';
import type { KindDefinition } from './types.js';
import type { NormalizedRecord } from '../records.js';
import type { Analyser } from '../analysis/analyser.js';
import type { KindCharts } from '../render/charts/specs.js';

/**
 * What each record kind brings, one file per kind and concern: `kinds/<kind>.ts` (schema, role,
 * summary, compaction), `kinds/analysis/<kind>.ts` (its analysers), `kinds/charts/<kind>.ts`
 * (its charts). A kind without analysis or charts has no file there.
 */
let cache: Promise<Map<string, KindDefinition>> | undefined;
let analysersCache: Promise<Analyser[]> | undefined;
let chartsCache: Promise<KindCharts[]> | undefined;

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

/** Every kind's analysers, by file name then as each file lists them. */
export function kindAnalysers(): Promise<Analyser[]> {
  analysersCache ??= discover<readonly Analyser[]>(path.join(codeDir, 'kinds', 'analysis'), 'analysers').then((lists) => lists.flat());
  return analysersCache;
}

/** Every kind's charts, by file name. */
export function kindCharts(): Promise<KindCharts[]> {
  chartsCache ??= discover<KindCharts>(path.join(codeDir, 'kinds', 'charts'), 'charts');
  return chartsCache;
}

import type { Manifest, ManifestEntry } from '../evidence/manifest.js';
import type { Profile } from '../profile.js';
import type { NormalizedRecord, Role } from '../records.js';
import type { Analysis, AnalysisFacts, AnalysisName } from './index.js';

/**
 * One analysis of the Analysis: the key it fills, the earlier results it reads and how it makes
 * its own. A record kind brings its analysers in `src/kinds/analysis/<kind>.ts` (exporting
 * `analysers`), and declares the key's type there by merging it into `Analysis`
 * (docs/architecture.md, "Where to add things"). analyse() runs them in the order their `reads`
 * require, so no analyser depends on the order of files.
 */
export type AnalysisKey = Exclude<keyof Analysis, 'facts'>;

/** A valid manifest entry of one kind, with its record. */
export interface KindEntry<R extends NormalizedRecord = NormalizedRecord> {
  id: string;
  role: Role;
  record: R;
  entry: ManifestEntry;
}

export interface AnalyserInput<R extends NormalizedRecord, D extends AnalysisKey> {
  /** The valid entries of the analyser's kind, in manifest order; none for an analyser without `kind`. */
  entries: KindEntry<R>[];
  /** Every entry, valid or not (for what spans kinds, e.g. the artifacts to download). */
  manifest: Manifest;
  profile: Profile | undefined;
  /** The results named in `reads`, made before this analyser runs; nothing else. */
  earlier: Pick<Analysis, D>;
}

export interface Analyser<K extends AnalysisKey = AnalysisKey, D extends AnalysisKey = AnalysisKey, R extends NormalizedRecord = NormalizedRecord> {
  /** The record kind whose valid entries it gets; absent for an analysis of the manifest as a whole. */
  readonly kind?: R['kind'];
  /** The Analysis key it fills (an `undefined` result leaves an optional key out). */
  readonly key: K;
  /** The keys of other analysers' results it reads. */
  readonly reads: readonly D[];
  run(input: AnalyserInput<R, D>): Analysis[K];
  /** What a profile's `analysis: <name>` requirement tests of the result. */
  readonly facts?: { name: AnalysisName; of(result: Analysis[K]): AnalysisFacts };
}

/** Types one analyser against the record type of its kind, its key and what it reads. */
export function defineAnalyser<R extends NormalizedRecord, K extends AnalysisKey, D extends AnalysisKey = never>(a: Analyser<K, D, R>): Analyser {
  // The registry holds analysers of every key; each was checked against its own types here.
  return a as unknown as Analyser;
}

/**
 * The analysers in an order where each runs after every one it reads; otherwise in the given
 * order. Two analysers of one key, a key no analyser makes, or a cycle is a programming error.
 */
export function runOrder(analysers: readonly Analyser[]): Analyser[] {
  const byKey = new Map<string, Analyser>();
  for (const a of analysers) {
    if (byKey.has(a.key)) throw new Error(`two analysers make the analysis '${a.key}'`);
    byKey.set(a.key, a);
  }
  const out: Analyser[] = [];
  const placed = new Set<string>();
  const visit = (a: Analyser, path: readonly string[]): void => {
    if (placed.has(a.key)) return;
    if (path.includes(a.key)) throw new Error(`the analyses read each other in a cycle: ${[...path, a.key].join(' -> ')}`);
    for (const key of a.reads) {
      const dep = byKey.get(key);
      if (!dep) throw new Error(`the analysis '${a.key}' reads '${key}', which no analyser makes`);
      visit(dep, [...path, a.key]);
    }
    placed.add(a.key);
    out.push(a);
  };
  for (const a of analysers) visit(a, []);
  return out;
}

import type { Manifest } from '../evidence/manifest.js';
import type { Profile } from '../profile.js';
import { ANALYSIS_NAMES } from '../schemas/types.generated.js';
import { kindAnalysers } from '../kinds/registry.js';
import { runOrder, type Analyser, type AnalysisKey } from './analyser.js';
import { traceAnalyser, type TraceAnalysis } from './trace.js';

export type { BenchmarkAnalysis } from './benchmarks.js';
export type { GpuAnalysis } from './gpu.js';
export type { KernelAnalysis } from './kernels.js';
export type { SchedulingAnalysis } from './scheduling.js';
export type { StartupAnalysis } from './startup.js';
export type { ProfileTargetAnalysis } from './profile-target.js';
export type { TraceAnalysis };
export type { Analyser, AnalysisKey } from './analyser.js';

/** The analyses a profile can require (`analysis:` requirements), with the facts `where` can test: the profile schema's enum. */
export { ANALYSIS_NAMES };
export type AnalysisName = (typeof ANALYSIS_NAMES)[number];

export interface AnalysisFacts {
  /** False when the analysis could not be made; `why` says what is missing. */
  done: boolean;
  why?: string;
  values: Record<string, number | boolean>;
}

/**
 * Every number, verdict and series the documents, charts and checks show, computed once from the
 * manifest and the profile (docs/architecture.md, "Stages"). Pure: no file access, no clock, no
 * formatting; render/ formats it, checks/ judges it, compare uses the same target rule.
 *
 * Only what spans kinds is declared here. Each record kind adds its own keys where its analysers
 * live (`src/kinds/analysis/<kind>.ts`, `declare module` merging into this interface), e.g.
 * `benchmarks`, `targets`, `gpu`, `kernels`, `scheduling`, `startup`.
 */
export interface Analysis {
  /** Traces and external artifacts: where each can be had. */
  traces: TraceAnalysis[];
  facts: Record<AnalysisName, AnalysisFacts>;
}

/** Analyses of the manifest as a whole, not of one kind. */
const MANIFEST_ANALYSERS: readonly Analyser[] = [traceAnalyser];

/** Every registered analyser: the kinds' (src/kinds/analysis/) and the manifest's own. */
export async function analysers(): Promise<Analyser[]> {
  return [...(await kindAnalysers()), ...MANIFEST_ANALYSERS];
}

/** The Analysis of a manifest with every registered analyser. */
export async function analyse(manifest: Manifest, profile?: Profile): Promise<Analysis> {
  return analyseWith(await analysers(), manifest, profile);
}

/**
 * Run the given analysers over a manifest, each after those it reads, each given the valid
 * entries of its kind and only the results it declared. A profile name no analyser gives facts
 * for is "not done", so a requirement on it fails rather than passes unseen.
 */
export function analyseWith(analysers: readonly Analyser[], manifest: Manifest, profile?: Profile): Analysis {
  const made: Partial<Record<AnalysisKey, unknown>> = {};
  const facts: Partial<Record<AnalysisName, AnalysisFacts>> = {};
  for (const a of runOrder(analysers)) {
    const entries = a.kind === undefined ? [] : manifest.entries.filter((e) => e.valid && e.record?.kind === a.kind).map((e) => ({ id: e.id, role: e.role, record: e.record!, entry: e }));
    const earlier = Object.fromEntries(a.reads.map((k) => [k, made[k]])) as Pick<Analysis, AnalysisKey>;
    const result = a.run({ entries, manifest, profile, earlier });
    if (result !== undefined) made[a.key] = result;
    if (a.facts) facts[a.facts.name] = a.facts.of(result);
  }
  for (const name of ANALYSIS_NAMES) facts[name] ??= { done: false, why: `no analyser gives the ${name} analysis`, values: {} };
  return { ...made, facts } as Analysis;
}

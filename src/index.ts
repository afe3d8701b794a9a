/** Library entry point: the same operations the CLI runs. */
export { loadConfig, type Config, type RawConfig, type InputSpec, type RfcMeta } from './config.js';
export { collect, type CollectResult, type CollectOptions } from './evidence/collect.js';
export { readManifest, type Manifest, type ManifestEntry } from './evidence/manifest.js';
export { openArtifact, artifactFromText } from './evidence/artifact.js';
export { parseArtifact, type ParsedFile } from './evidence/parse-file.js';
export { planRender, writePlan, loadManifestFor, type RenderPlan, type RenderOptions } from './render/render.js';
export { runChecks, type CheckResult } from './checks/index.js';
export { compare, resolveMetric, resolvePair, type CompareResult } from './stats/compare.js';
export { describeSamples } from './stats/descriptive.js';
export { adapters } from './adapters/registry.js';
export { report, type ReportFormat } from './diagnostics/reporter.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export type { Adapter, ArtifactInput, ParseResult } from './adapters/types.js';
export type * from './records.js';
export { run } from './cli/main.js';
export { loadProfile, compareTarget, builtinProfiles, profileFor, type Profile } from './profile.js';
export { analyse, type Analysis } from './analysis/index.js';
export { decideTarget, type TargetDecision } from './analysis/target.js';

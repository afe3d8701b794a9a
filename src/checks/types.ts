import type { Config } from '../config.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { HashCache } from '../evidence/hash-cache.js';
import type { Reads } from './_reads.js';
import type { Manifest } from '../evidence/manifest.js';
import type { RenderPlan } from '../render/render.js';
import type { Analysis } from '../analysis/index.js';
import type { Profile } from '../profile.js';

/** Everything a rule may look at, loaded once by `check`. */
export interface CheckContext {
  config: Config;
  /** The manifest as read (undefined when missing or not JSON: the manifest rule reports that). */
  manifest?: Manifest;
  /** Absolute path of manifest.json. */
  manifestFile: string;
  /** In-memory render of the documents from the manifest (undefined without a manifest); a rule reading it declares `needs: ['plan']`. */
  plan?: RenderPlan;
  /** Path as shown in diagnostics (relative to the working directory, POSIX). */
  show(abs: string): string;
  /** File digests and content facts, cached across runs while files are unchanged (each use is a recorded read). */
  hashes: Pick<HashCache, 'digest' | 'fact'>;
  /** The reads of the rule that is running, when its results are cached (see `_reads.ts`). */
  reads?: Reads;
  /** The task profile in force (`--profile` or `rfc.profile`); the generic rules always run. */
  profile?: Profile;
  /** The analysis of the manifest under the profile (the same one the documents show); undefined without a manifest. A rule reading it declares `needs: ['analysis']`. */
  analysis?: Analysis;
}

/**
 * A check rule: one module in `src/checks/`, exporting `rule`. `check` runs every rule and
 * reports every finding; a rule never stops another.
 */
export interface Rule {
  /** Stable id, also the diagnostics' id prefix, e.g. `digest`. */
  id: string;
  description: string;
  /** Severity of the rule's findings unless a finding says otherwise. */
  severity: Severity;
  /** Parts of the context loaded before the rule runs (the others stay unloaded when every rule's results are reused). */
  needs: readonly RuleNeed[];
  /** Whether the rule's findings may be reused while nothing it read changed. */
  cacheable: boolean;
  run(ctx: CheckContext): Diagnostic[] | Promise<Diagnostic[]>;
}

/** `analysis`: `ctx.analysis`; `plan`: the in-memory render (`ctx.plan`, the analysis with it); `documents`: the parsed documents (`parsedDocuments`). */
export type RuleNeed = 'analysis' | 'plan' | 'documents';

import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { HashCache } from '../evidence/hash-cache.js';
import { MANIFEST_FILE, readManifest } from '../evidence/manifest.js';
import type { RenderPlan } from '../render/render.js';
import type { Analysis } from '../analysis/index.js';
import { CHARTS_DIR } from '../render/assets.js';
import { documentFile, documentSetFor } from '../render/document-sets.js';
import { profileFor, type Profile } from '../profile.js';
import { rules } from './registry.js';
import type { CheckContext, Rule, RuleNeed } from './types.js';
import { loadDocuments } from './_documents.js';
import { Fingerprints, Reads, track } from './_reads.js';
import { ResultCache } from './_result-cache.js';

export interface CheckResult {
  diagnostics: Diagnostic[];
  rules: Rule[];
  /** Rules whose findings came from the results cache (nothing they read had changed). */
  reused: string[];
  profile?: Profile;
}

export interface CheckOptions {
  /** A loaded profile; default: `rfc.profile` of the config (resolved against the config folder). */
  profile?: Profile;
  /** Use the on-disk hash cache (default true); false keeps digests in memory only. */
  cache?: boolean;
}

/**
 * The context the rules look at. The manifest (and its analysis) load on first use; the render
 * and the parsed documents load before a rule that needs them runs (`prepare`). When every rule's
 * results are reused, none of them loads: an unchanged set costs a stat per file.
 */
function lazyContext(config: Config, cwd: string, hashes: () => HashCache, profile: Profile | undefined) {
  const show = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || '.';
  const manifestFile = path.join(config.evidenceDirAbs, MANIFEST_FILE);
  // What loading found wrong: reported by the context step, first.
  const problems: Diagnostic[] = [];
  const renderFailed = (e: unknown) => problems.push(error('documents.render-failed', `cannot render the documents from this manifest: ${(e as Error).message}`, { file: show(manifestFile) }));
  let read: ReturnType<typeof readManifest> | undefined;
  // The analysis and the render load only for a rule that runs: an unchanged set never pays for them.
  let analysis: { value?: Analysis } | undefined;
  let plan: { value?: RenderPlan } | undefined;
  let documents = false;
  const ctx: CheckContext = {
    config,
    manifestFile,
    show,
    ...(profile ? { profile } : {}),
    hashes: {
      digest: (abs) => (ctx.reads ? ctx.reads.digest(abs) : hashes().digest(abs)),
      fact: (abs, name, compute) => (track(ctx, 'content', abs), hashes().fact(abs, name, compute)),
    },
  };
  const manifest = () => {
    track(ctx, 'content', manifestFile);
    if (!read) {
      read = readManifest(config.evidenceDirAbs, show(manifestFile));
      if ('diagnostics' in read) problems.push(...read.diagnostics);
    }
    return 'manifest' in read ? read.manifest : undefined;
  };
  Object.defineProperties(ctx, {
    manifest: { enumerable: true, get: manifest },
    analysis: {
      enumerable: true,
      get() {
        if (!analysis) throw new Error("internal: a rule read ctx.analysis without needs: ['analysis']");
        manifest();
        return analysis.value;
      },
    },
    plan: {
      enumerable: true,
      get() {
        if (!plan) throw new Error("internal: a rule read ctx.plan without needs: ['plan']");
        trackPlanInputs(ctx);
        return plan.value;
      },
    },
  });
  /** Load what a rule needs before it runs (once per check). */
  async function prepare(needs: readonly RuleNeed[]): Promise<void> {
    if ((needs.includes('analysis') || needs.includes('plan')) && !analysis) {
      analysis = {};
      const m = manifest();
      if (m) {
        try {
          analysis.value = await (await import('../analysis/index.js')).analyse(m, profile);
        } catch (e) {
          renderFailed(e);
        }
      }
    }
    if (needs.includes('plan') && !plan) {
      const { planRender } = await import('../render/render.js');
      plan = {};
      const m = manifest();
      const a = analysis?.value;
      if (m && a) {
        try {
          plan.value = await planRender(config, m, { analysis: a });
        } catch (e) {
          renderFailed(e);
        }
      }
    }
    if (needs.includes('documents') && !documents) {
      documents = true;
      await loadDocuments(ctx);
    }
  }
  return { ctx, prepare, problems };
}

/** Everything a render reads besides the config and the profile: manifest.json, the documents, the charts, user templates and patch notes. */
function trackPlanInputs(ctx: CheckContext): void {
  const { config } = ctx;
  track(ctx, 'content', ctx.manifestFile);
  for (const spec of documentSetFor(config).documents) track(ctx, 'content', path.join(config.outDirAbs, documentFile(config.rfc, spec)));
  const charts = path.join(config.evidenceDirAbs, CHARTS_DIR);
  trackTree(ctx, charts);
  if (config.templatesDirAbs !== undefined) trackTree(ctx, config.templatesDirAbs);
  if (typeof config.patchNotes === 'string') track(ctx, 'content', path.resolve(config.baseDir, config.patchNotes));
}

/** A folder's listing and every file's content, recursively. */
function trackTree(ctx: CheckContext, dir: string): void {
  track(ctx, 'listing', dir);
  let items;
  try {
    items = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const it of items) {
    const p = path.join(dir, it.name);
    if (it.isDirectory()) trackTree(ctx, p);
    else track(ctx, 'content', p);
  }
}

/**
 * Load everything the rules look at at once: the manifest, an in-memory render, the documents,
 * the hash cache and the profile. Problems loading the manifest are findings, returned with the
 * context. An unknown or invalid `rfc.profile` is a usage error (thrown).
 */
export async function createContext(config: Config, cwd: string, options: CheckOptions = {}): Promise<{ ctx: CheckContext; diagnostics: Diagnostic[] }> {
  const profile = options.profile ?? profileFor(config);
  const hashes = options.cache === false ? HashCache.memory() : HashCache.forConfigDir(config.baseDir);
  const { ctx, prepare, problems } = lazyContext(config, cwd, () => hashes, profile);
  await prepare(['analysis', 'plan', 'documents']);
  return { ctx, diagnostics: problems };
}

/** Run rules one after another (each stamps its findings: see `defineRule`); a rule that crashes is a finding of its own and the others still run. */
export async function runRules(ctx: CheckContext, list: readonly Rule[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const rule of list) out.push(...(await runRule(ctx, rule)).diagnostics);
  return out;
}

async function runRule(ctx: CheckContext, rule: Rule): Promise<{ diagnostics: Diagnostic[]; crashed: boolean }> {
  try {
    return { diagnostics: await rule.run(ctx), crashed: false };
  } catch (e) {
    return { diagnostics: [error(`${rule.id}.crashed`, `rule ${rule.id} failed: ${(e as Error).message}`, { hint: 'this is a bug in rfc-evidence' })], crashed: true };
  }
}

/** Id of the step that reports what loading the manifest and rendering found (not a rule: it has no findings of its own). */
const CONTEXT_STEP = '(context)';

/**
 * Run every rule against the config's evidence and documents and return all findings. With the
 * cache (the default), a rule whose reads are all unchanged since the last check gives its
 * findings from `.rfc-evidence-cache/check-results.json` without running; `cache: false` runs
 * everything and writes nothing.
 */
export async function runChecks(config: Config, cwd: string, options: CheckOptions = {}): Promise<CheckResult> {
  const profile = options.profile ?? profileFor(config);
  const cached = options.cache !== false;
  // Opened on first use: when every rule's results are reused, the stats of the results file suffice.
  let opened: HashCache | undefined;
  const hashes = () => (opened ??= cached ? HashCache.forConfigDir(config.baseDir) : HashCache.memory());
  const { ctx, prepare, problems } = lazyContext(config, cwd, hashes, profile);
  const all = await rules();
  const results = cached ? ResultCache.open(config, cwd, profile) : undefined;
  const fingerprints = new Fingerprints(hashes);
  const contextStep: Rule = {
    id: CONTEXT_STEP,
    description: 'loads the manifest and renders the documents in memory',
    severity: 'error',
    needs: ['plan'],
    cacheable: true,
    run: (c) => (c.plan, [...problems]),
  };
  const diagnostics: Diagnostic[] = [];
  const reused: string[] = [];
  for (const rule of [contextStep, ...all]) {
    const kept = rule.cacheable ? await results?.lookup(rule.id, fingerprints) : undefined;
    if (kept) {
      diagnostics.push(...kept);
      reused.push(rule.id);
      continue;
    }
    const reads = results && rule.cacheable ? new Reads(fingerprints) : undefined;
    if (reads) ctx.reads = reads;
    await prepare(rule.needs);
    const run = await runRule(ctx, rule);
    delete ctx.reads;
    diagnostics.push(...run.diagnostics);
    if (reads && !run.crashed) results!.store(rule.id, await reads.list(), run.diagnostics);
  }
  results?.save(fingerprints);
  // A partial run looked up only some files: the others' digests and facts must stay.
  opened?.save({ prune: reused.length === 0 });
  return { diagnostics, rules: all, reused, ...(profile ? { profile } : {}) };
}

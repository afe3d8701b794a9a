import path from 'node:path';
import type { Config } from '../config.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { HashCache } from '../evidence/hash-cache.js';
import { MANIFEST_FILE, readManifest } from '../evidence/manifest.js';
import { planRender } from '../render/render.js';
import { analyse } from '../analysis/index.js';
import { profileFor, type Profile } from '../profile.js';
import { rules } from './registry.js';
import type { CheckContext, Rule } from './types.js';
import { loadDocuments } from './_documents.js';

export interface CheckResult {
  diagnostics: Diagnostic[];
  rules: Rule[];
  profile?: Profile;
}

export interface CheckOptions {
  /** A loaded profile; default: `rfc.profile` of the config (resolved against the config folder). */
  profile?: Profile;
  /** Use the on-disk hash cache (default true); false keeps digests in memory only. */
  cache?: boolean;
}

/**
 * Load everything the rules look at once: the manifest, an in-memory render, the hash cache and
 * the profile. Problems loading the manifest are findings, returned with the context. An unknown
 * or invalid `rfc.profile` is a usage error (thrown).
 */
export async function createContext(config: Config, cwd: string, options: CheckOptions = {}): Promise<{ ctx: CheckContext; diagnostics: Diagnostic[] }> {
  const show = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || '.';
  const manifestFile = path.join(config.evidenceDirAbs, MANIFEST_FILE);
  const diagnostics: Diagnostic[] = [];
  const profile = options.profile ?? profileFor(config);
  const hashes = options.cache === false ? HashCache.memory() : HashCache.forConfigDir(config.baseDir);
  const ctx: CheckContext = { config, manifestFile, show, hashes, ...(profile ? { profile } : {}) };
  const read = readManifest(config.evidenceDirAbs, show(manifestFile));
  if ('manifest' in read) {
    ctx.manifest = read.manifest;
    try {
      ctx.analysis = await analyse(read.manifest, profile);
      ctx.plan = await planRender(config, read.manifest, { analysis: ctx.analysis });
    } catch (e) {
      diagnostics.push(error('documents.render-failed', `cannot render the documents from this manifest: ${(e as Error).message}`, { file: show(manifestFile) }));
    }
  } else diagnostics.push(...read.diagnostics);
  // The document rules read links, headings, tables and text facts, parsed once per content.
  await loadDocuments(ctx);
  return { ctx, diagnostics };
}

/** Run rules one after another (each stamps its findings: see `defineRule`); a rule that crashes is a finding of its own and the others still run. */
export async function runRules(ctx: CheckContext, list: readonly Rule[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const rule of list) {
    try {
      out.push(...(await rule.run(ctx)));
    } catch (e) {
      out.push(error(`${rule.id}.crashed`, `rule ${rule.id} failed: ${(e as Error).message}`, { hint: 'this is a bug in rfc-evidence' }));
    }
  }
  return out;
}

/** Run every rule against the config's evidence and documents and return all findings. */
export async function runChecks(config: Config, cwd: string, options: CheckOptions = {}): Promise<CheckResult> {
  const { ctx, diagnostics } = await createContext(config, cwd, options);
  const all = await rules();
  diagnostics.push(...(await runRules(ctx, all)));
  ctx.hashes.save();
  return { diagnostics, rules: all, ...(ctx.profile ? { profile: ctx.profile } : {}) };
}

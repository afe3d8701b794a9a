import path from 'node:path';
import type { Config } from '../config.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MANIFEST_FILE, readManifest } from '../evidence/manifest.js';
import { planRender } from '../render/render.js';
import { rules } from './registry.js';
import type { CheckContext, Rule } from './types.js';

export interface CheckResult {
  diagnostics: Diagnostic[];
  rules: Rule[];
}

/**
 * Run every rule against the config's evidence and documents and return all findings. A rule
 * that crashes is reported as a finding of its own, and the other rules still run.
 */
export async function runChecks(config: Config, cwd: string): Promise<CheckResult> {
  const show = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || '.';
  const manifestFile = path.join(config.evidenceDirAbs, MANIFEST_FILE);
  const diagnostics: Diagnostic[] = [];
  const read = readManifest(config.evidenceDirAbs, show(manifestFile));
  const ctx: CheckContext = { config, manifestFile, show };
  if ('manifest' in read) {
    ctx.manifest = read.manifest;
    try {
      ctx.plan = planRender(config, read.manifest);
    } catch (e) {
      diagnostics.push(error('documents.render-failed', `cannot render the documents from this manifest: ${(e as Error).message}`, { file: show(manifestFile) }));
    }
  } else diagnostics.push(...read.diagnostics);
  const all = await rules();
  for (const rule of all) {
    try {
      diagnostics.push(...(await rule.run(ctx)));
    } catch (e) {
      diagnostics.push(error(`${rule.id}.crashed`, `rule ${rule.id} failed: ${(e as Error).message}`, { hint: 'this is a bug in rfc-evidence' }));
    }
  }
  return { diagnostics, rules: all };
}

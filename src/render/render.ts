import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { error, UsageError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readManifest, type Manifest } from '../evidence/manifest.js';
import { updateDocument } from '../markdown/update.js';
import { tempPathFor } from '../util/fs.js';
import { createEngine } from './engine.js';
import { DOC_NAMES, documentFileName, type DocName } from './names.js';
import { renderAssets, type Asset } from './assets.js';
import { buildView } from './view-model.js';

export interface RenderedDocument {
  doc: DocName;
  /** Absolute path of the document. */
  file: string;
  /** What the document will contain. */
  text: string;
  /** The document before (undefined when new). */
  previous?: string;
  changedRegions: string[];
  insertedRegions: string[];
}

export interface RenderPlan {
  documents: RenderedDocument[];
  /** Generated files beside the documents (charts); `previous` is undefined when new. */
  assets: (Asset & { previous?: string })[];
  diagnostics: Diagnostic[];
  /** False when hand-edited regions or broken markers block the update. */
  ok: boolean;
}

export interface RenderOptions {
  force?: boolean;
  lang?: 'zh' | 'en';
}

/** Load the manifest collect wrote; without it there is nothing to render (usage error). */
export function loadManifestFor(config: Config): Manifest {
  const read = readManifest(config.evidenceDirAbs, path.relative(config.baseDir, path.join(config.evidenceDirAbs, 'manifest.json')));
  if ('diagnostics' in read) throw new UsageError(read.diagnostics.map((d) => d.message).join('; '), read.diagnostics);
  return read.manifest;
}

/**
 * Render the three documents in memory: fresh from the templates, or, for a document that
 * exists, its regions updated in place. Nothing is written here (check uses the same plan).
 */
export function planRender(config: Config, manifest: Manifest, options: RenderOptions = {}): RenderPlan {
  const lang = options.lang ?? config.language;
  const engine = createEngine(lang);
  const view = buildView({ ...config, language: lang }, manifest);
  const { assets, links } = renderAssets(config, manifest, view);
  view.assets = links;
  const diagnostics: Diagnostic[] = [];
  const documents: RenderedDocument[] = [];
  for (const doc of DOC_NAMES) {
    const file = path.join(config.outDirAbs, documentFileName(config.rfc, doc));
    const shown = path.relative(config.baseDir, file).split(path.sep).join('/');
    const fresh = engine.render(doc, view);
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (previous === undefined) {
      documents.push({ doc, file, text: fresh, changedRegions: [], insertedRegions: [] });
      continue;
    }
    const u = updateDocument(previous, fresh, { force: options.force ?? false });
    for (const p of u.problems) diagnostics.push(error('region.broken', p.message, { file: shown, line: p.line, column: 1 }));
    for (const h of u.handEdited) {
      diagnostics.push({
        ...error('region.hand-edited', h.message, { file: shown, line: h.line, column: 1 }),
        ...(options.force ? { severity: 'warning' as const, message: `${h.message}; overwritten (--force)` } : { hint: 'move your text outside the region markers, or re-run with --force to overwrite it' }),
      });
    }
    documents.push({ doc, file, text: u.text, previous, changedRegions: u.changed, insertedRegions: u.inserted });
  }
  return {
    documents,
    assets: assets.map((a) => (existsSync(a.file) ? { ...a, previous: readFileSync(a.file, 'utf8') } : a)),
    diagnostics,
    ok: !diagnostics.some((d) => d.severity === 'error'),
  };
}

/**
 * Write a plan: every changed document goes to a temporary file first; only when all are
 * written are they renamed over the targets. The previous documents are kept as hard-link
 * backups until every rename succeeded, and put back if one fails, so a failure at any point
 * leaves the previous set of documents whole.
 */
export function writePlan(plan: RenderPlan, hooks: { beforeRename?: (file: string) => void } = {}): string[] {
  // Assets first, documents last: a document never links to an asset that is not there yet.
  const pending = [
    ...plan.assets.filter((a) => a.content !== a.previous).map((a) => ({ file: a.file, text: a.content })),
    ...plan.documents.filter((d) => d.text !== d.previous),
  ];
  const temps: { tmp: string; file: string; backup?: string }[] = [];
  const renamed: typeof temps = [];
  try {
    for (const d of pending) {
      mkdirSync(path.dirname(d.file), { recursive: true });
      const tmp = tempPathFor(d.file);
      temps.push({ tmp, file: d.file });
      writeFileSync(tmp, d.text);
    }
    for (const t of temps) {
      if (existsSync(t.file)) {
        t.backup = tempPathFor(t.file);
        linkSync(t.file, t.backup);
      }
    }
    for (const t of temps) {
      hooks.beforeRename?.(t.file);
      renameSync(t.tmp, t.file);
      renamed.push(t);
    }
  } catch (e) {
    for (const t of renamed.reverse()) {
      if (t.backup) renameSync(t.backup, t.file);
      else rmSync(t.file, { force: true });
    }
    throw e;
  } finally {
    for (const t of temps) {
      rmSync(t.tmp, { force: true });
      if (t.backup) rmSync(t.backup, { force: true });
    }
  }
  return pending.map((d) => d.file);
}

import { existsSync, linkSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyse, type Analysis } from '../analysis/index.js';
import type { Config } from '../config.js';
import { profileFor } from '../profile.js';
import { error, UsageError, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readManifest, type Manifest } from '../evidence/manifest.js';
import { diffNumbers, type NumberChange } from '../markdown/number-diff.js';
import { withMarkdownParser } from '../markdown/parse.js';
import { findRegions, type Region, type RegionProblem, type RegionRecord } from '../markdown/regions.js';
import { updateDocument, withRegionRecord, type RegionChange } from '../markdown/update.js';
import { bumpVersion, changelogEntries, maxVersion, metaVersion } from '../markdown/versions.js';
import { tempPathFor } from '../util/fs.js';
import { assertContained, mkdirContained, removeLeftovers, rootOf } from '../evidence/containment.js';
import { createEngine } from './engine.js';
import { documentFile, documentSetFor, type Part } from './document-sets.js';
import { DOC_NAMES, type DocName } from './names.js';
import { CHARTS_DIR, renderAssets, type Asset } from './assets.js';
import { isOwnChart } from './charts/cache.js';
import { changeViews, revisionDate, type ChangelogEntryView, type ChangelogView } from './changelog.js';
import { buildView } from './view-model.js';

export interface RegionNumbers {
  region: string;
  changes: NumberChange[];
  linesAdded: number;
  linesRemoved: number;
}

export interface RenderedDocument {
  /** Template name. */
  doc: DocName;
  /** The parts of the RFC it carries (see document-sets.ts). */
  serves: Part[];
  /** Absolute path of the document. */
  file: string;
  /** What the document will contain (for a blocked plan: what `--force` would write). */
  text: string;
  /** The document before (undefined when new). */
  previous?: string;
  /** Ids of regions whose content changes, in document order. */
  changedRegions: string[];
  insertedRegions: string[];
  /** Where each inserted region goes: after this line of the previous document. */
  insertions: { id: string; line: number }[];
  /** Regions the author deleted (listed in the regions record): kept deleted. */
  deletedRegions: string[];
  /** Each changed region with its contents before and after and the line where it first differs. */
  changes: RegionChange[];
  /** The numbers that changed, per region (the change log itself is not compared). */
  numbers: RegionNumbers[];
  /** Regions edited by hand, and broken markers (which block any update of the document). */
  handEdited: RegionProblem[];
  problems: RegionProblem[];
  /** Line of the regions record in the previous document, if it has one. */
  recordLine?: number;
  /** The document as a first render would write it (its headings are the skeleton check compares). */
  fresh: string;
  /** The previous document is in another language than this render: left as it is (see `startOver`). */
  language?: { found: string; wanted: string };
}

export interface RenderPlan {
  documents: RenderedDocument[];
  /** Generated files beside the documents (charts); `previous` is undefined when new. */
  assets: (Asset & { previous?: string })[];
  /** The documents' region findings, paths relative to the config's folder (see regionDiagnostics). */
  diagnostics: Diagnostic[];
  /** False when hand-edited regions, broken markers or a document in another language block the update. */
  ok: boolean;
  /** The documents' version before this render and after it (they differ only with `bump`). */
  version: { previous: string; current: string };
  /** The project root every write stays inside. */
  root: string;
  /** Charts render drew earlier that no document uses any more (unedited): removed by writePlan. */
  staleAssets: string[];
  /** The analysis the documents show. */
  analysis: Analysis;
}

export interface RenderOptions {
  force?: boolean;
  lang?: 'zh' | 'en';
  /** Raise the version (V1.0 -> V1.1) and add a 变更记录 entry listing the changed numbers. */
  bump?: boolean;
  /**
   * Write every document afresh, replacing what exists (text outside the regions included). The
   * only way to change a document's language: updating the regions of a document in another
   * language would mix the two.
   */
  startOver?: boolean;
  /** The analysis of the manifest (check passes its own); default: analysed here under `rfc.profile`. */
  analysis?: Analysis;
}

/** Load the manifest collect wrote; without it there is nothing to render (usage error). */
export function loadManifestFor(config: Config): Manifest {
  const read = readManifest(config.evidenceDirAbs, path.relative(config.baseDir, path.join(config.evidenceDirAbs, 'manifest.json')));
  if ('diagnostics' in read) throw new UsageError(read.diagnostics.map((d) => d.message).join('; '), read.diagnostics);
  return read.manifest;
}

/** Regions that hold history or identity rather than evidence: not compared number by number. */
const NOT_EVIDENCE = new Set(['changelog', 'meta']);
const CHANGELOG = 'changelog';

interface Target {
  doc: DocName;
  serves: Part[];
  file: string;
  /** The document without a leading BOM; `bom` says whether it had one (written back with it). */
  previous?: string;
  bom: boolean;
  regions: Region[];
  /** Language the previous document was rendered in, when it can tell. */
  lang?: string;
  recordLine?: number;
}

/**
 * The language of a rendered document: its regions record says so; documents rendered before
 * the record carried it are known by the first label of their metadata table.
 */
function documentLanguage(record: RegionRecord | undefined, regions: Region[]): string | undefined {
  if (record?.lang) return record.lang;
  const meta = regions.find((r) => r.id === 'meta')?.content ?? '';
  if (/^\|\s*任务名称\s*\|/m.test(meta)) return 'zh';
  if (/^\|\s*Task\s*\|/m.test(meta)) return 'en';
  return undefined;
}

/**
 * Render the document set's documents in memory: fresh from the templates, or, for a document that
 * exists, its regions updated in place. Nothing is written here (check uses the same plan).
 *
 * The version shown in the metadata tables is the highest of `rfc.version` and what the
 * documents already state (their intact `meta` regions and 变更记录 entries), so a version
 * raised by `--bump` persists without render ever writing the user's config.
 */
export async function planRender(config: Config, manifest: Manifest, options: RenderOptions = {}): Promise<RenderPlan> {
  const lang = options.lang ?? config.language;
  const set = documentSetFor(config);
  const engine = createEngine(lang, config.templatesDirAbs, undefined, set.documents.map((d) => d.template));
  const analysis = options.analysis ?? (await analyse(manifest, profileFor(config)));
  const view = buildView({ ...config, language: lang }, manifest, analysis);
  const { assets, links } = await renderAssets(config, analysis, view);
  view.assets = links;
  // Documents of other sets take their generated sections from the stage templates' regions.
  const sections = set.documents.some((s) => !DOC_NAMES.includes(s.template)) ? await withMarkdownParser(() => stageSections(engine, view)) : undefined;
  // Markdown is parsed only for documents that cannot be read line by line (withMarkdownParser).
  const targets: Target[] = await withMarkdownParser(() =>
    set.documents.map((spec) => {
      const doc = spec.template;
      const serves = spec.serves;
      const file = path.join(config.outDirAbs, documentFile(config.rfc, spec));
      const raw = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      // An editor's UTF-8 BOM would hide the first line (and the regions) from the parser.
      const bom = raw?.startsWith('\uFEFF') ?? false;
      const previous = bom ? raw!.slice(1) : raw;
      if (previous === undefined) return { doc, serves, file, bom, regions: [] };
      const found = findRegions(previous);
      const docLang = documentLanguage(found.record, found.regions);
      return {
        doc,
        serves,
        file,
        previous,
        bom,
        regions: options.startOver ? [] : found.regions,
        ...(docLang !== undefined ? { lang: docLang } : {}),
        ...(found.record ? { recordLine: found.record.line } : {}),
      };
    }),
  );
  // Regions the tool vouches for: intact ones, and with --force the change log as the author left it.
  const trusted = (t: Target, id: string) => t.regions.find((r) => r.id === id && (r.recordedSha256 === r.actualSha256 || (options.force && id === CHANGELOG)));
  const history = targets.flatMap((t) => changelogEntries(trusted(t, CHANGELOG)?.content ?? ''));
  const version = maxVersion(config.rfc.version, ...targets.map((t) => metaVersion(trusted(t, 'meta')?.content ?? '')), ...history.map((h) => h.version));
  const initial: ChangelogEntryView = { version: config.rfc.version, date: config.rfc.date, initial: true, changes: [], regions: [] };

  const renderAll = (shownVersion: string, added: Map<DocName, ChangelogEntryView>) =>
    targets.map((t): RenderedDocument => {
      const previousLog = trusted(t, CHANGELOG)?.content;
      const extra = added.has(t.doc) ? [added.get(t.doc)!] : [];
      const changelog: ChangelogView = previousLog !== undefined ? { previous: previousLog.replace(/\r\n?/g, '\n'), entries: extra } : { entries: [initial, ...extra] };
      const rendered = engine.renderDocument(t.doc, { ...view, rfc: { ...view.rfc, version: shownVersion }, changelog, ...(sections ? { sections } : {}) });
      const fresh = withRegionRecord(rendered.text, lang);
      const none = { changedRegions: [], insertedRegions: [], insertions: [], deletedRegions: [], changes: [], numbers: [], handEdited: [], problems: [], fresh, serves: t.serves };
      if (t.previous === undefined) return { doc: t.doc, file: t.file, text: fresh, ...none };
      // A BOM the document had is written back; regions are read and updated without it.
      const bom = t.bom ? '\uFEFF' : '';
      if (options.startOver) return { doc: t.doc, file: t.file, text: bom + fresh, previous: bom + t.previous, ...none };
      if (t.lang !== undefined && t.lang !== lang) return { doc: t.doc, file: t.file, text: bom + t.previous, previous: bom + t.previous, ...none, language: { found: t.lang, wanted: lang }, ...(t.recordLine !== undefined ? { recordLine: t.recordLine } : {}) };
      const u = updateDocument(t.previous, fresh, { force: options.force ?? false, omitted: rendered.omitted, lang });
      return {
        fresh,
        serves: t.serves,
        doc: t.doc,
        file: t.file,
        text: bom + u.text,
        previous: bom + t.previous,
        changedRegions: u.changed.map((c) => c.id),
        insertedRegions: u.inserted.map((i) => i.id),
        insertions: u.inserted,
        deletedRegions: u.deleted,
        changes: u.changed,
        numbers: u.changed.filter((c) => !NOT_EVIDENCE.has(c.id)).map((c) => ({ region: c.id, ...diffNumbers(c.before, c.after) })),
        handEdited: u.handEdited,
        problems: u.problems,
        ...(u.recordLine !== undefined ? { recordLine: u.recordLine } : {}),
      };
    });
  const blocked = (docs: RenderedDocument[]) => docs.some((d) => d.language !== undefined || d.problems.length > 0 || (d.handEdited.length > 0 && !options.force));

  let documents = await withMarkdownParser(() => renderAll(version, new Map()));
  let current = version;
  if (options.bump && !blocked(documents)) {
    current = bumpVersion(version);
    const date = revisionDate(config, manifest, history.map((h) => h.date).filter((d) => d !== undefined).sort().at(-1));
    const entries = new Map(
      documents.map((d) => [
        d.doc,
        {
          version: current,
          date,
          changes: d.numbers.flatMap((n) => changeViews(n.region, n.changes)),
          regions: [...d.changedRegions, ...d.insertedRegions].filter((id) => !NOT_EVIDENCE.has(id)),
        },
      ]),
    );
    documents = await withMarkdownParser(() => renderAll(current, entries));
  }
  const show = (f: string) => path.relative(config.baseDir, f).split(path.sep).join('/');
  return {
    documents,
    diagnostics: regionDiagnostics(documents, show, options.force ?? false),
    ok: !blocked(documents),
    assets: assets.map((a) => (existsSync(a.file) ? { ...a, previous: readFileSync(a.file, 'utf8') } : a)),
    version: { previous: version, current },
    root: rootOf(config),
    staleAssets: staleCharts(config, assets),
    analysis,
  };
}

/** Charts in `<evidenceDir>/charts/` that this render no longer draws, and that are still exactly as render drew them. */
function staleCharts(config: Config, assets: Asset[]): string[] {
  const dir = path.join(config.evidenceDirAbs, CHARTS_DIR);
  const current = new Set(assets.map((a) => a.file));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.svg'))
    .map((n) => path.join(dir, n))
    .filter((f) => !current.has(f) && lstatSync(f).isFile() && isOwnChart(readFileSync(f, 'utf8')))
    .sort();
}

/**
 * The generated sections of the stage templates, by region id (markers included), for the
 * `section` helper of the other sets' templates: the same regions, rendered by the same
 * template text, whichever set the RFC uses. `omitted` lists those that came out empty.
 */
function stageSections(engine: ReturnType<typeof createEngine>, view: object): { regions: Record<string, string>; omitted: string[] } {
  const regions: Record<string, string> = {};
  const omitted: string[] = [];
  for (const doc of DOC_NAMES) {
    // `embedded`: headings that carry the stage report's numbering are left to the embedding template.
    const r = engine.renderDocument(doc, { ...view, changelog: { entries: [] }, embedded: true });
    for (const region of findRegions(r.text).regions) regions[region.id] ??= r.text.slice(region.start, region.end);
    omitted.push(...r.omitted);
  }
  return { regions, omitted };
}

/**
 * What render and check say about a plan's regions: broken markers and hand edits (errors; a
 * hand edit is a warning with `force`, which overwrites it) and regions the author deleted
 * (warnings), each naming the document and line. `show` turns a path into what the user sees.
 */
export function regionDiagnostics(documents: RenderedDocument[], show: (file: string) => string, force: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of documents) {
    const at = (line: number) => ({ file: show(d.file), line, column: 1 });
    if (d.language) {
      out.push(
        error('documents.language', `document is written in '${d.language.found}', not '${d.language.wanted}': updating its regions would mix two languages (headings in one, regions in the other, anchors broken)`, {
          ...at(d.recordLine ?? 1),
          hint: `render it in '${d.language.found}' (rfc.language or --lang ${d.language.found}), or run render --lang ${d.language.wanted} --start-over to replace it with a fresh '${d.language.wanted}' document (your text outside the regions is not carried over)`,
        }),
      );
    }
    for (const p of d.problems) out.push(error('regions.broken', p.message, { ...at(p.line), hint: 'restore the marker comment, or delete the region with both of its markers' }));
    for (const h of d.handEdited) {
      out.push(
        force
          ? warning('regions.hand-edited', `${h.message}; overwritten (--force)`, at(h.line))
          : error('regions.hand-edited', h.message, { ...at(h.line), hint: 'move your text outside the region markers, or re-run render with --force to overwrite it' }),
      );
    }
    for (const id of d.deletedRegions) {
      out.push(
        warning('regions.deleted', `region '${id}' was deleted from the document; render keeps it deleted`, {
          ...at(d.recordLine ?? 1),
          hint: `to get it back, remove '${id}' from the <!-- rfc-evidence:regions ... --> comment and run render`,
        }),
      );
    }
  }
  return out;
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
  // Every target is checked before anything is written: a link on the way refuses the whole plan.
  for (const d of pending) assertContained(plan.root, d.file);
  for (const dir of new Set([...plan.documents, ...plan.assets].map((d) => path.dirname(d.file)))) {
    if (existsSync(dir)) removeLeftovers(plan.root, dir, readdirSync(dir));
  }
  try {
    for (const d of pending) {
      mkdirContained(plan.root, path.dirname(d.file));
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
  // Only now that no document links them: charts of evidence that is gone.
  for (const f of plan.staleAssets) {
    assertContained(plan.root, f, 'delete');
    rmSync(f, { force: true });
  }
  return [...pending.map((d) => d.file), ...plan.staleAssets];
}

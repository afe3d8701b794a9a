import path from 'node:path';
import { inlineText, linkUrl } from './escape.js';
import type { Analysis } from '../analysis/index.js';
import type { Config, PatchNote } from '../config.js';
import type { Manifest, ManifestEntry } from '../evidence/manifest.js';
import type {
  Environment,
  NormalizedRecord,
  Patch,
  PythonProfile,
  RequestResult,
  Role,
  ServiceLog,
  ServiceStatus,
  ToolError,
} from '../records.js';
import { relativePosix } from '../util/fs.js';
import type { AssetLinks } from './assets.js';
import type { ChangelogView } from './changelog.js';
import { bytes, fixed } from './format.js';
import { documentSetFor, filesOf } from './document-sets.js';
import { loadPatchNotes } from './patch-notes.js';
import { publishedRfc } from './published-rfc.js';
import { benchmarkViews, type BenchmarkViews } from './view-benchmarks.js';
import { analysisViews, type AnalysisViews } from './view-analysis.js';
import { entryGroups, type EntryGroupsView } from './view-groups.js';

/**
 * The view model: everything the templates show, formatted from the analysis (analysis/: every
 * number and verdict is computed there), the manifest's entries and the config. Render never
 * re-reads evidence; the view is language-neutral (templates hold the words) and plain data.
 * Its shape is documented in docs/view-model.md.
 */
export interface EntryView {
  id: string;
  kind: string;
  tool: string;
  role: Role;
  label?: string;
  /** Relative link from the documents' folder to the published copy; absent for external entries. */
  link?: string;
  storage: 'inline' | 'external';
  size: string;
  bytes: number;
  sha256: string;
  shortSha: string;
  source: string;
  valid: boolean;
  /** Where the artifact is published (the input's `url`), linked for external entries. */
  url?: string;
  /** `key=value` pairs of the entry's summary, in a stable order. */
  summaryText: string;
}

export interface View extends BenchmarkViews, AnalysisViews {
  lang: 'zh' | 'en';
  rfc: Config['rfc'] & { projectLower: string; dateCompact: string };
  /** File names of the set's documents, by template name and by the part they serve (files.report, ...). */
  files: Record<string, string>;
  /** Links from the documents to the evidence folder and its manifest files. */
  evidenceDir: string;
  manifestJson: string;
  bagit: string;
  /** The config's file name (not its path: documents must not depend on where they were rendered). */
  configFile: string;
  entries: EntryView[];
  /** A large set's published entries by folder (view-groups.ts); absent when the manifest document lists every entry. */
  entryGroups?: EntryGroupsView;
  external: EntryView[];
  invalid: EntryView[];
  environment?: { items: { key: string; value: string }[]; packages: { name: string; version: string }[]; evidence: EntryView[] };
  patches?: {
    /** Each file with the author's note (config `patchNotes`), when there is one. */
    files: (Patch['files'][number] & { note?: PatchNote })[];
    insertions: number;
    deletions: number;
    evidence: EntryView[];
    /** Files whose note says required / fallback, and files without a note. */
    required: number;
    fallback: number;
    unexplained: number;
  };
  service?: {
    /** `logLine`: the line as the log states it (absent for events the adapter summarised from many lines). */
    events: { code: string; line: number; message: string; logLine?: string; data: Record<string, unknown>; entry: EntryView }[];
    logs: { entry: EntryView; lines: number; errors: number; warnings: number }[];
    health: { entry: EntryView; httpStatus: number; healthy: boolean; endpoint?: string; time?: string }[];
    requests: { entry: EntryView; ok: boolean; httpStatus?: number; latencyS?: string; model?: string; excerpt?: string; completionTokens?: number }[];
    /** Prometheus `/metrics` scrapes: the key numbers the kind summarised at collect, formatted; absent ones are left out. */
    metrics: { entry: EntryView; framework?: string; requestsSucceeded?: string; running?: string; waiting?: string; kvCacheUsagePct?: string; ttftMeanMs?: string; tpotMeanMs?: string; e2elMeanMs?: string }[];
  };
  python?: { entry: EntryView; tool: string; samples?: number; top: { rank: number; name: string; where?: string; selfPct: string; totalPct: string }[] }[];
  limitations: { entry: EntryView; tool: string; reason: string; message: string; remedy?: string; facts: { key: string; value: string; text: string }[] }[];
  /** Links to generated charts (see AssetLinks); filled in by render/assets.ts. */
  assets: AssetLinks;
  /** Roles the task commonly needs that have no evidence (shown as 未提供 / not provided). */
  missing: Role[];
  /** The 变更记录 (change log) region of the document being rendered; set per document by render.ts. */
  changelog?: ChangelogView;
}

const KEY_EVENTS = new Set([
  'startup.ready',
  'worker.launched',
  'kv.gpu-blocks',
  'serving.max-running',
  'service.listening',
  'worker.launch-failed',
  'kv.blocks-negative',
  'engine.init-failed',
  'port.in-use',
  'request.too-many',
  'request.input-too-long',
  'cuda-graph.disabled',
  'decode.throughput-summary',
]);

/** Events whose message the adapter wrote (a summary of many lines), not a line of the log. */
const SUMMARISED = new Set(['decode.throughput-summary']);

const EXPECTED_ROLES: Role[] = [
  'environment',
  'patch',
  'service.startup',
  'service.health',
  'request.single',
  'benchmark.matrix',
  'benchmark.formal',
  'benchmark.tailcheck',
  'profiling.gpu',
  'profiling.kernels',
];

export function buildView(config: Config, manifest: Manifest, analysis: Analysis): View {
  const evidenceDir = relativePosix(config.outDirAbs, config.evidenceDirAbs) || '.';
  const entryViews = manifest.entries.map((e) => entryView(e, evidenceDir));
  const byId = new Map(entryViews.map((v) => [v.id, v]));
  const withRecord = <R extends NormalizedRecord>(kind: R['kind'], roles?: Role[]) =>
    manifest.entries
      .filter((e) => e.valid && e.record?.kind === kind && (!roles || roles.includes(e.role)))
      .map((e) => ({ entry: byId.get(e.id)!, record: e.record as R, role: e.role }));

  const files = filesOf(config.rfc, documentSetFor(config));
  const groups = entryGroups(manifest.entries, entryViews, evidenceDir);
  const view: View = {
    lang: config.language,
    rfc: { ...publishedRfc(config), projectLower: config.rfc.project.toLowerCase(), dateCompact: config.rfc.date.replace(/-/g, '') },
    files,
    evidenceDir,
    manifestJson: `${evidenceDir}/manifest.json`,
    bagit: `${evidenceDir}/manifest-sha256.txt`,
    configFile: path.basename(config.file),
    entries: entryViews,
    ...(groups ? { entryGroups: groups } : {}),
    external: entryViews.filter((e) => e.storage === 'external'),
    invalid: entryViews.filter((e) => !e.valid),
    assets: { byEntry: {} },
    limitations: [],
    missing: EXPECTED_ROLES.filter((r) => !manifest.entries.some((e) => e.role === r && e.valid)),
    ...benchmarkViews(
      analysis.benchmarks,
      (id) => byId.get(id)!,
      withRecord<ServiceLog>('service-log').filter((l) => l.record.events.some((e) => e.code === 'request.failed')),
    ),
    ...analysisViews(analysis, (id) => byId.get(id)!),
  };

  const envs = withRecord<Environment>('environment');
  if (envs.length) view.environment = environmentView(envs);

  const patches = withRecord<Patch>('patch');
  if (patches.length) {
    const notes = loadPatchNotes(config);
    const filesChanged = patches.flatMap((p) => p.record.files).map((f): NonNullable<View['patches']>['files'][number] => (Object.hasOwn(notes, f.path) ? { ...f, note: notes[f.path]! } : f));
    const count = (n?: PatchNote['necessity']) => filesChanged.filter((f) => f.note?.necessity === n).length;
    view.patches = {
      files: filesChanged,
      required: count('required'),
      fallback: count('fallback'),
      unexplained: count(undefined),
      insertions: filesChanged.reduce((s, f) => s + f.insertions, 0),
      deletions: filesChanged.reduce((s, f) => s + f.deletions, 0),
      evidence: patches.map((p) => p.entry),
    };
  }

  const logs = withRecord<ServiceLog>('service-log');
  const health = withRecord<ServiceStatus>('service-status');
  const requests = withRecord<RequestResult>('request-result');
  // Their key numbers are the manifest's summary, computed at collect by the kind (kinds/service-metrics.ts).
  const metrics = manifest.entries.filter((e) => e.valid && e.record?.kind === 'service-metrics');
  if (logs.length || health.length || requests.length || metrics.length) {
    view.service = {
      logs: logs.map(({ entry, record }) => ({ entry, lines: record.lines, errors: record.errors, warnings: record.warnings })),
      events: logs.flatMap(({ entry, record }) =>
        record.events
          .filter((e) => KEY_EVENTS.has(e.code))
          .map((e) => ({ code: e.code, line: e.line, message: e.message, ...(SUMMARISED.has(e.code) ? {} : { logLine: e.message }), data: e.data ?? {}, entry })),
      ),
      health: health.map(({ entry, record }) => ({
        entry,
        httpStatus: record.httpStatus,
        healthy: record.healthy,
        ...(record.endpoint ? { endpoint: record.endpoint } : {}),
        ...(record.time ? { time: record.time } : {}),
      })),
      requests: requests.map(({ entry, record }) => ({
        entry,
        ok: record.ok,
        ...(record.httpStatus !== undefined ? { httpStatus: record.httpStatus } : {}),
        ...(record.latencyMs !== undefined ? { latencyS: fixed(record.latencyMs / 1000, 3) } : {}),
        ...(record.model ? { model: record.model } : {}),
        ...(record.excerpt ? { excerpt: oneLine(record.excerpt, 120) } : {}),
        ...(record.completionTokens !== undefined ? { completionTokens: record.completionTokens } : {}),
      })),
      metrics: metrics.map((e) => metricsView(byId.get(e.id)!, e.summary)),
    };
  }

  const python = withRecord<PythonProfile>('python-profile');
  if (python.length) {
    view.python = python.map(({ entry, record }) => ({
      entry,
      tool: record.tool,
      ...(record.samples !== undefined ? { samples: record.samples } : {}),
      top: record.functions.slice(0, 10).map((f, i) => ({
        rank: i + 1,
        name: f.name,
        ...(f.file ? { where: f.line !== undefined ? `${f.file}:${f.line}` : f.file } : {}),
        selfPct: fixed(f.selfPct, 1),
        totalPct: fixed(f.totalPct, 1),
      })),
    }));
  }

  // Shown as they are in prose and tables (no helper in the templates): escaped here.
  view.limitations = withRecord<ToolError>('tool-error').map(({ entry, record }) => ({
    entry,
    tool: inlineText(record.tool),
    reason: inlineText(record.reason),
    message: record.message,
    ...(record.remedy ? { remedy: record.remedy } : {}),
    facts: Object.entries(record.facts ?? {}).map(([key, value]) => ({ key, value, text: `${key} = ${value}` })),
  }));
  return view;
}

function entryView(e: ManifestEntry, evidenceDir: string): EntryView {
  return {
    id: e.id,
    kind: e.kind,
    tool: e.tool,
    role: e.role,
    ...(e.label ? { label: e.label } : {}),
    ...(e.storage === 'inline' ? { link: linkUrl(`${evidenceDir}/${e.path}`) } : {}),
    storage: e.storage,
    size: bytes(e.bytes),
    bytes: e.bytes,
    sha256: e.sha256,
    shortSha: e.sha256.slice(0, 12),
    source: e.source,
    ...(e.url ? { url: linkSafe(e.url) } : {}),
    valid: e.valid,
    summaryText: Object.entries(e.summary)
      .map(([k, v]) => `${k}=${v === null ? '-' : String(v)}`)
      .join(', '),
  };
}

function environmentView(envs: { entry: EntryView; record: Environment }[]): NonNullable<View['environment']> {
  const items: { key: string; value: string }[] = [];
  const first = <K extends keyof Environment>(k: K) => envs.map((e) => e.record[k]).find((v) => v !== undefined && v !== '');
  for (const key of ['os', 'kernel', 'python', 'paddle', 'fastdeploy', 'driver', 'toolkit'] as const) {
    const v = first(key);
    if (typeof v === 'string') items.push({ key, value: v });
  }
  // Measuring tools by name (mx-smi, py-spy, ...): the first capture that names a tool gives its version.
  const tools = new Map<string, string>();
  for (const e of envs) for (const [name, version] of Object.entries(e.record.tools ?? {})) if (!tools.has(name)) tools.set(name, version);
  for (const [name, version] of tools) items.push({ key: name, value: version });
  const devices = [...new Set(envs.flatMap((e) => e.record.devices ?? []))];
  if (devices.length) items.unshift({ key: 'devices', value: devices.join(', ') });
  const packages = new Map<string, string>();
  for (const e of envs) for (const [name, version] of Object.entries(e.record.packages ?? {})) if (!packages.has(name)) packages.set(name, version);
  return { items, packages: [...packages].map(([name, version]) => ({ name, version })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), evidence: envs.map((e) => e.entry) };
}

/** A single line for a sentence or a table cell: line breaks shown as ` / `, cut at `max` characters. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' / ').trim();
  const chars = [...flat];
  return chars.length > max ? chars.slice(0, max).join('') + '…' : flat;
}

/** A URL usable as a Markdown link target: the characters that would end or break the link percent-encoded. */
function linkSafe(url: string): string {
  return url.replace(/[()<>\s[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A `/metrics` scrape's summary as the report shows it: numbers stated, nothing invented for what it lacks. */
function metricsView(entry: EntryView, summary: ManifestEntry['summary']): NonNullable<View['service']>['metrics'][number] {
  const num = (k: string) => (typeof summary[k] === 'number' ? (summary[k] as number) : undefined);
  const out: NonNullable<View['service']>['metrics'][number] = { entry };
  if (typeof summary.framework === 'string') out.framework = summary.framework;
  // Strings, so that a stated 0 is shown (a template's #if would hide the number 0).
  for (const k of ['requestsSucceeded', 'running', 'waiting'] as const) if (num(k) !== undefined) out[k] = String(num(k));
  if (num('kvCacheUsagePct') !== undefined) out.kvCacheUsagePct = fixed(num('kvCacheUsagePct'), 2);
  for (const k of ['ttftMeanMs', 'tpotMeanMs', 'e2elMeanMs'] as const) if (num(k) !== undefined) out[k] = fixed(num(k), 1);
  return out;
}

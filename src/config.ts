import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { error, UsageError, type Diagnostic } from './diagnostics/diagnostic.js';
import type { PatchNotes, RfcEvidenceYaml } from './schemas/types.generated.js';
import { validate } from './schemas/validate.js';
import { assertLayout } from './evidence/containment.js';

/** rfc-evidence.yaml as schemas/config.schema.json describes it (the type is generated from it). */
export type RawConfig = RfcEvidenceYaml;
export type RfcMeta = RawConfig['rfc'];
export type InputSpec = RawConfig['inputs'][number];
export type { PatchNotes };
/** What the author says about one patched file. */
export type PatchNote = PatchNotes[string];

/** A loaded config: the raw values plus absolute folders resolved against the config's folder. */
export interface Config extends RawConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute folder of the config file: the base of every relative path. */
  baseDir: string;
  outDirAbs: string;
  evidenceDirAbs: string;
  /** Absolute folder of the template overrides, when the config names one. */
  templatesDirAbs?: string;
  language: 'zh' | 'en';
}

export const DEFAULT_CONFIG = 'rfc-evidence.yaml';

/**
 * Read and validate a config. Every problem (YAML syntax, unknown key, wrong type, missing field)
 * is a usage error naming the key and its line, so the CLI exits 2.
 */
export function loadConfig(file: string, cwd = process.cwd()): Config {
  const abs = path.resolve(cwd, file);
  const shown = path.relative(cwd, abs) || abs;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `config file not found: ${shown} (run \`rfc-evidence init\` to create one, or pass --config <file>)` : `cannot read config ${shown}: ${(e as Error).message}`,
      [error('config.unreadable', `cannot read config: ${code ?? (e as Error).message}`, { file: shown, ...(code === 'ENOENT' ? { hint: 'run `rfc-evidence init` to create one, or pass --config <file>' } : {}) })],
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const diagnostics = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return error('config.yaml-syntax', `invalid YAML: ${e.message.split('\n')[0]}`, { file: shown, line: pos.line, column: pos.col });
    });
    throw new UsageError(`invalid config ${shown}`, diagnostics);
  }
  const value = doc.toJS() as unknown;
  const diagnostics = validate('config.schema.json', value, shown, 'config.invalid').map((d) => withYamlPosition(d, doc.contents, lineCounter));
  if (diagnostics.length > 0) throw new UsageError(`invalid config ${shown}`, diagnostics);
  const raw = value as RawConfig;
  const baseDir = path.dirname(abs);
  const templatesDirAbs = raw.templates === undefined ? undefined : path.resolve(baseDir, raw.templates);
  if (templatesDirAbs !== undefined && !isDirectory(templatesDirAbs)) {
    const d = error('config.templates-missing', `templates folder not found: ${raw.templates}`, { file: shown, pointer: '/templates' });
    throw new UsageError(`invalid config ${shown}`, [withYamlPosition(d, doc.contents, lineCounter)]);
  }
  const config: Config = {
    ...raw,
    file: abs,
    baseDir,
    outDirAbs: path.resolve(baseDir, raw.outDir),
    evidenceDirAbs: path.resolve(baseDir, raw.evidenceDir),
    ...(templatesDirAbs !== undefined ? { templatesDirAbs } : {}),
    language: raw.rfc.language ?? 'zh',
  };
  assertLayout(config);
  return config;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Add the YAML line/column of the value (or key) a schema error points at. */
export function withYamlPosition(d: Diagnostic, root: unknown, lc: LineCounter): Diagnostic {
  const segments = (d.pointer ?? '').split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root as YamlNode | null | undefined;
  let range: [number, number, number] | undefined = (node as { range?: [number, number, number] } | undefined)?.range ?? undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (keyRange) range = keyRange;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)] as YamlNode | null;
      const r = (node as { range?: [number, number, number] } | null)?.range;
      if (r) range = r;
    } else break;
  }
  if (!range) return d;
  const pos = lc.linePos(range[0]);
  return { ...d, line: pos.line, column: pos.col };
}

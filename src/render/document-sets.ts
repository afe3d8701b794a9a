import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadProfile } from '../profile.js';
import type { Config, RfcMeta } from '../config.js';
import { error, UsageError } from '../diagnostics/diagnostic.js';
import { packageRoot } from '../paths.js';
import type { RfcEvidenceDocumentSet } from '../schemas/types.generated.js';
import { readYamlFile } from '../util/yaml-file.js';
import { compactDate } from './format.js';

/**
 * Document sets are data (`document-sets/<name>.yaml`, schema `schemas/document-set.schema.json`):
 * which documents an RFC consists of, the template of each and its file name. `stage` (the
 * report, the one-page summary and the evidence manifest) is the default; `design` and
 * `op-optimization` are single documents after the community's design and operator-optimisation
 * templates. Every set's documents carry the same regions, so links and checks work in each.
 */

/** A document set as schemas/document-set.schema.json describes it (the type is generated from it). */
export type DocumentSet = RfcEvidenceDocumentSet & {
  /** Where it was loaded from, as shown in messages. */
  shown: string;
};
export type DocumentSpec = DocumentSet['documents'][number];
/** The parts of an RFC a document can carry (what templates link to as files.<part>). */
export type Part = DocumentSpec['serves'][number];

export const BUILTIN_SETS_DIR = path.join(packageRoot, 'document-sets');
export const DEFAULT_SET = 'stage';

export function builtinSets(): string[] {
  return readdirSync(BUILTIN_SETS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** A set by built-in name, or by path (relative to `baseDir`) when the value looks like one. */
export function loadDocumentSet(ref: string, baseDir: string): DocumentSet {
  if (/[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref)) {
    return { ...readYamlFile<Omit<DocumentSet, 'shown'>>(path.resolve(baseDir, ref), ref, 'document-set.schema.json', 'documents.invalid'), shown: ref };
  }
  const names = builtinSets();
  if (!names.includes(ref)) {
    throw new UsageError(`unknown document set '${ref}': expected one of ${names.join(', ')}, or a path to a document set file`, [
      error('documents.unknown', `unknown document set '${ref}': expected one of ${names.join(', ')}, or a path to a document set file (.yaml)`),
    ]);
  }
  const shown = `document-sets/${ref}.yaml`;
  return { ...readYamlFile<Omit<DocumentSet, 'shown'>>(path.join(BUILTIN_SETS_DIR, `${ref}.yaml`), shown, 'document-set.schema.json', 'documents.invalid'), shown };
}

/** The set in force: the config's `documents`, else its profile's, else `stage`. */
export function documentSetFor(config: Pick<Config, 'documents' | 'rfc' | 'baseDir'>): DocumentSet {
  const ref = config.documents ?? (config.rfc.profile ? loadProfile(config.rfc.profile, config.baseDir).documents : undefined) ?? DEFAULT_SET;
  return loadDocumentSet(ref, config.baseDir);
}

/** The file name of a document of this RFC. */
export function documentFile(rfc: Pick<RfcMeta, 'date' | 'slug' | 'project'>, spec: Pick<DocumentSpec, 'file'>): string {
  return spec.file.replace('{date}', compactDate(rfc.date)).replace('{slug}', rfc.slug).replace('{project}', rfc.project.toLowerCase());
}

/** What a name following the pattern looks like, for messages: `20260423_<slug>_for_fastdeploy.md` with this RFC's values. */
export function fileNamePattern(spec: Pick<DocumentSpec, 'file'>): RegExp {
  const re = spec.file
    .split(/(\{date\}|\{slug\}|\{project\})/)
    .map((part) =>
      part === '{date}' ? '(?<date>\\d{8})' : part === '{slug}' ? '(?<slug>[a-z0-9]+(?:_[a-z0-9]+)*?)' : part === '{project}' ? '(?<project>[a-z0-9][a-z0-9._-]*)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${re}$`);
}

/** The file of each part for templates (`files.report`, ...), and of each template by name. */
export function filesOf(rfc: Pick<RfcMeta, 'date' | 'slug' | 'project'>, set: DocumentSet): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of set.documents) {
    const name = documentFile(rfc, spec);
    files[spec.template] = name;
    for (const part of spec.serves) files[part] ??= name;
  }
  return files;
}

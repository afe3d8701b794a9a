import type { RfcMeta } from '../config.js';
import { compactDate } from './format.js';

export type DocName = 'report' | 'exec_summary' | 'evidence_manifest';
export const DOC_NAMES: readonly DocName[] = ['report', 'exec_summary', 'evidence_manifest'];

/** `YYYYMMDD_<slug>_<doc>_for_<project>.md`, the community repo's naming rule. */
export function documentFileName(rfc: Pick<RfcMeta, 'date' | 'slug' | 'project'>, doc: DocName): string {
  return `${compactDate(rfc.date)}_${rfc.slug}_${doc}_for_${rfc.project.toLowerCase()}.md`;
}

export const DOC_FILE_PATTERN = /^(\d{8})_([a-z0-9]+(?:_[a-z0-9]+)*)_(report|exec_summary|evidence_manifest)_for_([a-z0-9][a-z0-9._-]*)\.md$/;

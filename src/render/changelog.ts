import path from 'node:path';
import type { Config } from '../config.js';
import { UsageError, error } from '../diagnostics/diagnostic.js';
import type { Manifest } from '../evidence/manifest.js';
import type { NumberChange } from '../markdown/number-diff.js';
import { signedPct } from './format.js';

/** One number that changed, as a 变更记录 entry lists it. */
export interface ChangeView {
  region: string;
  label: string;
  old: string;
  new: string;
  /** Signed percent, e.g. `-2.9%`; absent when the old value was 0. */
  delta?: string;
}

export interface ChangelogEntryView {
  version: string;
  date: string;
  /** The entry a document gets when it is first written. */
  initial?: boolean;
  /** Numbers that changed in this document since the previous version. */
  changes: ChangeView[];
  /** Generated regions that changed or were added (ids), for an entry with no number change. */
  regions: string[];
}

/**
 * What the `changelog` region shows: the entries the document already has (its region content,
 * kept as written: it is history) followed by new entries.
 */
export interface ChangelogView {
  previous?: string;
  entries: ChangelogEntryView[];
}

export function changeViews(region: string, changes: NumberChange[]): ChangeView[] {
  return changes.map((c) => ({ region, label: c.label, old: c.old, new: c.new, ...(c.deltaPct !== undefined ? { delta: signedPct(c.deltaPct, 1) } : {}) }));
}

/**
 * The date of a `render --bump` entry, never the clock: `rfc.revisionDate` from the config,
 * else the latest date the evidence states (a `YYYY-MM-DD` timestamp in any record, such as a
 * service log's last line). It may not be earlier than the documents' last entry; without a
 * usable date the bump is a usage error that says which key to set.
 */
export function revisionDate(config: Config, manifest: Manifest, lastEntryDate: string | undefined): string {
  const configured = config.rfc.revisionDate;
  const date = configured ?? latestEvidenceDate(manifest);
  const where = { file: path.basename(config.file), pointer: '/rfc/revisionDate' };
  if (date === undefined) {
    throw new UsageError('render --bump needs the date of the new version: set rfc.revisionDate (YYYY-MM-DD) in the config', [
      error('config.revision-date', 'render --bump needs the date of the new version and the evidence states none: set rfc.revisionDate (YYYY-MM-DD)', where),
    ]);
  }
  if (lastEntryDate !== undefined && date < lastEntryDate) {
    const source = configured ? 'rfc.revisionDate' : 'the latest date in the evidence';
    throw new UsageError(`render --bump: ${source} (${date}) is before the last 变更记录 entry (${lastEntryDate})`, [
      error('config.revision-date', `${source} is ${date}, before the documents' last change-log entry (${lastEntryDate}): set rfc.revisionDate to the date of this revision`, where),
    ]);
  }
  return date;
}

/** The latest `YYYY-MM-DD` at the start of any string in the evidence records. */
export function latestEvidenceDate(manifest: Manifest): string | undefined {
  let latest: string | undefined;
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      const d = /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(v)?.[1];
      if (d && !Number.isNaN(Date.parse(d)) && (latest === undefined || d > latest)) latest = d;
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  for (const e of manifest.entries) if (e.valid) visit(e.record);
  return latest;
}

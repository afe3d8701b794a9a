import type { NormalizedRecord, RecordKind, Role } from '../records.js';

export type SummaryValue = string | number | boolean | null;

/**
 * What the rest of the tool needs to know about a record kind: its schema, the role an input of
 * this kind gets when the config names none, and the key numbers the manifest keeps.
 * One file per kind in `src/kinds/`, exporting `kind`.
 */
export interface KindDefinition<R extends NormalizedRecord = NormalizedRecord> {
  readonly name: RecordKind;
  /** File name under `schemas/records/`. */
  readonly schema: string;
  readonly defaultRole: Role;
  /** Key numbers for the manifest entry and document tables: flat, small, deterministic. */
  summarize(record: R): Record<string, SummaryValue>;
  /**
   * Keep the record small enough for a committed manifest (under the 1024 KB limit), e.g. bucket
   * a long time series with evidence/downsample.ts. Summary numbers are computed before, from
   * every sample. Absent: the record is kept as parsed.
   */
  compact?(record: R): R;
}

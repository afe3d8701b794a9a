/** A document's template name (`report`, `design`, ...): see document-sets.ts. */
export type DocName = string;

/**
 * The templates of the default `stage` set. Documents of the other sets take their generated
 * sections from these (the `section` helper), so every set has the same regions.
 */
export const DOC_NAMES: readonly DocName[] = ['report', 'exec_summary', 'evidence_manifest'];

import { adapterById, chooseAdapter } from '../adapters/registry.js';
import type { ArtifactInput } from '../adapters/types.js';
import { error, hasErrors, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { kindOf } from '../kinds/registry.js';
import type { NormalizedRecord } from '../records.js';
import { validate } from '../schemas/validate.js';
import { InputLimitError } from '../util/input-limits.js';

/** Detection scores from here up mean the content matched (adapters/types.ts); below, a name hint only. */
const CONTENT_MATCH = 0.5;

export interface ParsedFile {
  adapter?: string;
  kind: string;
  tool: string;
  record?: NormalizedRecord;
  valid: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Detect, parse and schema-validate one input: the path shared by collect and inspect.
 * An adapter that throws is a bug, but the user still gets a diagnostic instead of a crash.
 */
export async function parseArtifact(input: ArtifactInput, forcedKind?: string): Promise<ParsedFile> {
  const adapter = await chooseAdapter(input, forcedKind);
  if (!adapter) {
    const d = error('input.unknown-kind', forcedKind ? `no adapter reads kind '${forcedKind}'` : 'no adapter claims this file', { file: input.displayPath });
    return { kind: forcedKind ?? 'other', tool: 'other', valid: false, diagnostics: [d] };
  }
  let diagnostics: Diagnostic[];
  let record: NormalizedRecord | undefined;
  try {
    ({ record, diagnostics } = await adapter.parse(input));
  } catch (e) {
    diagnostics = [
      e instanceof InputLimitError
        ? error('input.too-large', e.reason, { file: input.displayPath, ...(e.line !== undefined ? { line: e.line, column: 1 } : {}) })
        : error('adapter.crash', `adapter ${adapter.id} failed: ${(e as Error).message}`, { file: input.displayPath, hint: 'this is a bug in rfc-evidence; please report it with the file' }),
    ];
  }
  // A file claimed on its name alone (a score under CONTENT_MATCH) whose content is not that
  // format at all is not an error: it is `other`, as any file no adapter claims by content.
  if (!record && !forcedKind && adapter.id !== 'other' && adapter.detect(input) < CONTENT_MATCH) {
    const fallback = await adapterById('other');
    if (fallback) {
      const why = diagnostics.find((d) => d.severity === 'error')?.message ?? 'no record';
      const other = await parseArtifact(input, 'other');
      const note = warning('input.name-only', `the name suggests ${adapter.id}, but the content is not (${why}): kept as other`, {
        file: input.displayPath,
        hint: `rename the file, or give it \`kind:\` in the config if it really is ${adapter.kind}`,
      });
      return { ...other, diagnostics: [note, ...other.diagnostics] };
    }
  }
  if (record) {
    const k = await kindOf(record);
    diagnostics = [...diagnostics, ...validate(k.schema, record, input.displayPath, 'record.schema')];
  }
  return {
    adapter: adapter.id,
    kind: record?.kind ?? adapter.kind,
    tool: record?.tool ?? adapter.id,
    ...(record ? { record } : {}),
    valid: record !== undefined && !hasErrors(diagnostics),
    diagnostics,
  };
}

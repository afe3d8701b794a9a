/**
 * Whether a file no adapter claims is broken JSON. A file that says it is JSON (by its name, or
 * by opening like a JSON object or array) but does not parse is an error with its line and
 * column, whatever its name: a truncated benchmark must never pass as harmless text.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseJson } from '../util/json.js';
import type { ArtifactInput } from './types.js';

/** `{"` / `{}` / `[{` / `[[` / `["` / `[]`: a JSON document. `[2026-...` (a log line) is not. */
const JSON_OPENING = /^\uFEFF?\s*(?:\{\s*["}]|\[\s*[{["\]])/;

export function jsonForm(input: ArtifactInput, name: string): 'json' | 'json-lines' | undefined {
  if (/\.(?:jsonl|ndjson)$/i.test(name)) return 'json-lines';
  if (/\.json$/i.test(name) || JSON_OPENING.test(input.head)) return 'json';
  return undefined;
}

/** The first syntax error of a JSON document or of a JSON-lines file, with its position; undefined when it parses. */
export async function jsonSyntaxError(input: ArtifactInput, form: 'json' | 'json-lines'): Promise<Diagnostic | undefined> {
  const file = input.displayPath;
  if (form === 'json-lines') {
    let line = 0;
    for await (const text of input.lines()) {
      line++;
      if (text.trim() === '') continue;
      const one = parseJson(text, file);
      if (!one.ok) return { ...one.diagnostic, line, message: `${one.diagnostic.message} (JSON-lines record on line ${line})` };
    }
    return undefined;
  }
  // The trace scanner is a streaming JSON reader with byte positions: any size, little memory.
  const { summariseTrace } = await import('./_trace/trace-summary.js');
  const { positionOfByte } = await import('./_trace/trace-scanner.js');
  const s = await summariseTrace(input.stream());
  if (s.failure?.kind !== 'syntax') return undefined;
  const at = await positionOfByte(input.stream(), s.failure.offset);
  return error('json.syntax', `invalid JSON: ${s.failure.message}`, { file, ...at, hint: 'the file looks like JSON but does not parse: is it cut short? Re-copy it from where it was written' });
}

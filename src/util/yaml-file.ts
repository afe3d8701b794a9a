import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { withYamlPosition } from '../config.js';
import { error, UsageError } from '../diagnostics/diagnostic.js';
import { validate } from '../schemas/validate.js';

/**
 * A YAML (or JSON) data file the user or the package supplies, validated by one of the published
 * schemas. A missing file, a YAML error or a schema problem is a usage error (exit 2) whose
 * diagnostics name `shown` and the line and column of each problem; `id` prefixes their ids.
 */
export function readYamlFile<T>(file: string, shown: string, schema: string, id: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`cannot read ${shown} (${code})`, [error(id, `cannot read the file: ${code}`, { file: shown })]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new UsageError(
      `invalid ${shown}`,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return error(id, `invalid YAML: ${e.message.split('\n')[0]}`, { file: shown, line: pos.line, column: pos.col });
      }),
    );
  }
  const value = (doc.toJS() as unknown) ?? {};
  const problems = validate(schema, value, shown, id).map((d) => withYamlPosition(d, doc.contents, lineCounter));
  if (problems.length) throw new UsageError(`invalid ${shown}`, problems);
  return value as T;
}

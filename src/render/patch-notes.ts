import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { withYamlPosition, type Config, type PatchNotes } from '../config.js';
import { error, UsageError } from '../diagnostics/diagnostic.js';
import { validate } from '../schemas/validate.js';

/**
 * The author's notes on each patched file (what, why, required or fallback), keyed by path:
 * inline in the config (`patchNotes: {<path>: {...}}`) or in the YAML/JSON file it names
 * (`patchNotes: patch-notes.yaml`, relative to the config). The author owns them; render only
 * shows them beside the evidence's line counts, so they survive every re-render and a file
 * added to the patch later simply has none until written. A notes file that is missing or does
 * not match `schemas/patch-notes.schema.json` is a usage error naming the file and line.
 */
export function loadPatchNotes(config: Pick<Config, 'patchNotes' | 'baseDir' | 'file'>): PatchNotes {
  const given = config.patchNotes;
  if (given === undefined) return {};
  if (typeof given !== 'string') return given;
  const file = path.resolve(config.baseDir, given);
  const shown = path.relative(config.baseDir, file).split(path.sep).join('/');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`patch notes file not found or unreadable: ${shown} (${code})`, [
      error('config.patch-notes', `cannot read the patch notes file named by patchNotes: ${code}`, { file: shown }),
    ]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new UsageError(
      `invalid patch notes ${shown}`,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return error('config.patch-notes', `invalid YAML: ${e.message.split('\n')[0]}`, { file: shown, line: pos.line, column: pos.col });
      }),
    );
  }
  const value = (doc.toJS() as unknown) ?? {};
  const problems = validate('patch-notes.schema.json', value, shown, 'config.patch-notes').map((d) => withYamlPosition(d, doc.contents, lineCounter));
  if (problems.length) throw new UsageError(`invalid patch notes ${shown}`, problems);
  return value as PatchNotes;
}

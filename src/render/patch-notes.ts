import path from 'node:path';
import type { Config, PatchNotes } from '../config.js';
import { error, UsageError } from '../diagnostics/diagnostic.js';
import { outsideRoot, projectRoot } from '../evidence/containment.js';
import { redactValue } from '../evidence/redact.js';
import { readYamlFile } from '../util/yaml-file.js';

/**
 * The author's notes on each patched file (what, why, required or fallback), keyed by path:
 * inline in the config (`patchNotes: {<path>: {...}}`) or in the YAML/JSON file it names
 * (`patchNotes: patch-notes.yaml`, relative to the config). The author owns them; render only
 * shows them beside the evidence's line counts, so they survive every re-render and a file
 * added to the patch later simply has none until written. A notes file that is missing or does
 * not match `schemas/patch-notes.schema.json` is a usage error naming the file and line. Like an
 * input, the file must really lie inside the project root (no `../` or symbolic link out of it):
 * the notes are published, so a path elsewhere is refused rather than read. Their text is
 * redacted like the evidence (unless `redact: false`): a note can quote a command with a token.
 */
export function loadPatchNotes(config: Pick<Config, 'patchNotes' | 'baseDir' | 'redact'>): PatchNotes {
  const notes = readPatchNotes(config);
  return config.redact === false ? notes : redactValue(notes);
}

function readPatchNotes(config: Pick<Config, 'patchNotes' | 'baseDir'>): PatchNotes {
  const given = config.patchNotes;
  if (given === undefined) return {};
  if (typeof given !== 'string') return given;
  const file = path.resolve(config.baseDir, given);
  const outside = outsideRoot(projectRoot(config.baseDir), file);
  if (outside !== undefined) {
    const message = `patchNotes ${given}: ${outside}`;
    throw new UsageError(message, [error('config.patch-notes', message, { pointer: '/patchNotes', hint: 'keep the notes file inside the project, or write the notes inline under patchNotes' })]);
  }
  // Shown as the user typed paths: relative to the working directory, like the config's own findings.
  return readYamlFile<PatchNotes>(file, (path.relative(process.cwd(), file) || file).split(path.sep).join('/'), 'patch-notes.schema.json', 'config.patch-notes');
}

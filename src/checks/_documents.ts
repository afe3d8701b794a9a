import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOC_NAMES, documentFileName } from '../render/names.js';
import type { CheckContext } from './types.js';

/** The documents as they are on disk (rules about their content skip a missing one). */
export function documentsOnDisk(ctx: CheckContext): { file: string; shown: string; text: string }[] {
  return DOC_NAMES.map((d) => path.join(ctx.config.outDirAbs, documentFileName(ctx.config.rfc, d)))
    .filter((f) => existsSync(f))
    .map((file) => ({ file, shown: ctx.show(file), text: readFileSync(file, 'utf8') }));
}

import path from 'node:path';
import { codeDir } from '../paths.js';
import { discover } from '../util/discover.js';
import type { Adapter, ArtifactInput } from './types.js';

let cache: Promise<Adapter[]> | undefined;

/** Every adapter in `src/adapters/`, by file name order. */
export function adapters(): Promise<Adapter[]> {
  cache ??= discover<Adapter>(path.join(codeDir, 'adapters'), 'adapter');
  return cache;
}

export async function adapterById(id: string): Promise<Adapter | undefined> {
  return (await adapters()).find((a) => a.id === id);
}

/**
 * The adapter for an input: the highest detect() score wins; ties go to the adapter listed
 * first. With `forcedKind` (an input's `kind:` in the config) only adapters of that record kind
 * compete, and the best of them is used even with a low score: the user said what it is.
 * Returns undefined when nothing claims the file (then it is `other`).
 */
export async function chooseAdapter(input: ArtifactInput, forcedKind?: string): Promise<Adapter | undefined> {
  let best: Adapter | undefined;
  let bestScore = 0;
  for (const a of await adapters()) {
    if (forcedKind !== undefined && a.kind !== forcedKind && a.id !== forcedKind) continue;
    // Text formats are not asked about binary content (their regexes would scan 64 KiB of noise).
    if (forcedKind === undefined && input.binary && !a.readsBinary) continue;
    const score = a.detect(input);
    if (score > bestScore || (forcedKind !== undefined && best === undefined)) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}

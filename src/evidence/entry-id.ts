/**
 * Manifest entry ids: short, unique and stable (docs/architecture.md, "Stages and their contracts").
 *
 * An id is the published copy's path (POSIX, relative to the evidence folder) without its file
 * extension: `formal/benchmark_formal.json` -> `formal/benchmark_formal`. Only a final segment
 * with a letter is an extension: the `.0` of `workerlog.0` (one log per GPU, rotations `.1`,
 * `.2`) is part of the name. When two copies would share an id (`x.csv` and `x.json`), each of
 * them keeps its extension instead, so no id ever names two files and each depends only on the
 * set of copies, never on the order inputs were scanned in.
 */

const EXTENSION = /\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$/;

/** The id a copy path gets when no other copy competes for it. */
export function baseId(copyPath: string): string {
  const stripped = copyPath.replace(EXTENSION, '');
  // A dot file (`.env`) or a name that is only an extension keeps its path.
  return stripped === '' || stripped.endsWith('/') ? copyPath : stripped;
}

/** Ids for copy paths (which are unique), in the same order. */
export function entryIds(copyPaths: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const p of copyPaths) count.set(baseId(p), (count.get(baseId(p)) ?? 0) + 1);
  const ids = copyPaths.map((p) => (count.get(baseId(p))! > 1 ? p : baseId(p)));
  // A kept extension can meet another copy's plain id (`a.b` copied next to `a.b.json`): the
  // full path, unique by construction, settles it.
  const taken = new Map<string, number>();
  for (const id of ids) taken.set(id, (taken.get(id) ?? 0) + 1);
  return ids.map((id, i) => (taken.get(id)! > 1 ? copyPaths[i]! : id));
}

/** Ids that name more than one entry, with the paths they name (for `check`). */
export function duplicateIds(entries: readonly { id?: unknown; path?: unknown }[]): { id: string; indices: number[]; paths: string[] }[] {
  const byId = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (typeof e?.id !== 'string') return;
    byId.set(e.id, [...(byId.get(e.id) ?? []), i]);
  });
  return [...byId]
    .filter(([, indices]) => indices.length > 1)
    .map(([id, indices]) => ({ id, indices, paths: indices.map((i) => String(entries[i]!.path)) }));
}

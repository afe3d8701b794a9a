/**
 * GitHub's heading anchor: lower case, punctuation removed, spaces to hyphens; letters of every
 * script are kept, so `## 1. 证据清单` is `#1-证据清单`. Repeated headings get `-1`, `-2`, ...
 */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Slugs for a document's headings in order, with GitHub's de-duplication suffixes. */
export function slugsInOrder(headings: string[]): string[] {
  const counts = new Map<string, number>();
  return headings.map((h) => {
    const base = githubSlug(h);
    const n = counts.get(base);
    counts.set(base, (n ?? 0) + 1);
    return n === undefined ? base : `${base}-${n}`;
  });
}

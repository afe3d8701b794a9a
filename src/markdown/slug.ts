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

/**
 * Slugs for a document's headings in order, with GitHub's de-duplication (github-slugger): a
 * slug already taken gets `-1`, `-2`, ... and the suffixed slug is taken too, so `证据`, `证据`,
 * `证据 1` give `证据`, `证据-1`, `证据-1-1`.
 */
export function slugsInOrder(headings: string[]): string[] {
  const occurrences = new Map<string, number>();
  return headings.map((h) => {
    const base = githubSlug(h);
    let slug = base;
    while (occurrences.has(slug)) {
      const n = occurrences.get(base)! + 1;
      occurrences.set(base, n);
      slug = `${base}-${n}`;
    }
    occurrences.set(slug, 0);
    return slug;
  });
}

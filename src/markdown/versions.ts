/**
 * Document versions (`V<major>.<minor>`, the metadata table's 版本号; community PRs write both
 * `V1.0` and `v1.0`, and the letter is kept as written) as the generated regions
 * state them. The 变更记录 region is history the tool cannot regenerate from evidence, so the
 * documents themselves carry it: each entry is a list item that starts with its version and
 * states its date, `- V1.1（2026-05-02）：...` (zh) or `- V1.1 (2026-05-02): ...` (en).
 */
const VERSION = /^([Vv])(\d+)\.(\d+)$/;

export function parseVersion(v: string): [number, number] | undefined {
  const m = VERSION.exec(v);
  return m ? [Number(m[2]), Number(m[3])] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [0, 0];
  const y = parseVersion(b) ?? [0, 0];
  return x[0] - y[0] || x[1] - y[1];
}

/** The highest of the given versions (the first when they tie). */
export function maxVersion(first: string, ...rest: (string | undefined)[]): string {
  return rest.reduce<string>((m, v) => (v !== undefined && compareVersions(v, m) > 0 ? v : m), first);
}

/** The next minor version, in the same letter case: V1.0 -> V1.1, V1.9 -> V1.10, v1.0 -> v1.1. */
export function bumpVersion(v: string): string {
  const [major, minor] = parseVersion(v) ?? [1, -1];
  return `${v.startsWith('v') ? 'v' : 'V'}${major}.${minor + 1}`;
}

/** The version a metadata table region states: the first cell holding only a version. */
export function metaVersion(content: string): string | undefined {
  return /\|\s*([Vv]\d+\.\d+)\s*(?=\|)/.exec(content)?.[1];
}

export interface ChangelogEntryHead {
  version: string;
  date?: string;
}

/** The entries of a 变更记录 region, in the order written. */
export function changelogEntries(content: string): ChangelogEntryHead[] {
  const out: ChangelogEntryHead[] = [];
  for (const line of content.split(/\r?\n/)) {
    const m = /^- ([Vv]\d+\.\d+)\b/.exec(line);
    if (!m) continue;
    const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(line)?.[1];
    out.push({ version: m[1]!, ...(date ? { date } : {}) });
  }
  return out;
}

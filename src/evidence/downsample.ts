/**
 * The one downsampler (used at collect, so the manifest stays small and charts draw what it
 * keeps): points are grouped (per device, per phase), and a group longer than `max` is cut into
 * `max` buckets of consecutive points. A bucket point is its first point (time and keys) with the
 * mean of each field, the bucket's `min` and `max` of each field and its size `n`: means stay
 * exact when weighted by `n`, and peaks survive (a 1 s spike to 100% keeps `max` 100).
 * Points already bucketed are bucketed again consistently (their own n, min and max count).
 */
export interface Bucketable {
  n?: number;
  min?: Partial<Record<string, number>>;
  max?: Partial<Record<string, number>>;
}

export function downsample<P extends Bucketable>(points: readonly P[], opts: { max: number; fields: readonly (keyof P & string)[]; group: (p: P) => string | number }): P[] {
  const groups = new Map<string | number, P[]>();
  for (const p of points) {
    const key = opts.group(p);
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  if ([...groups.values()].every((g) => g.length <= opts.max)) return [...points];
  const out: P[] = [];
  for (const key of [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = groups.get(key)!;
    if (list.length <= opts.max) {
      out.push(...list);
      continue;
    }
    const size = Math.ceil(list.length / opts.max);
    for (let i = 0; i < list.length; i += size) out.push(bucket(list.slice(i, i + size), opts.fields));
  }
  return out;
}

function bucket<P extends Bucketable>(points: P[], fields: readonly (keyof P & string)[]): P {
  const first = points[0]!;
  const n = points.reduce((s, p) => s + (p.n ?? 1), 0);
  const out: P = { ...first, n };
  const min: Record<string, number> = {};
  const max: Record<string, number> = {};
  for (const f of fields) {
    const present = points.filter((p) => typeof p[f] === 'number');
    if (!present.length) continue;
    const weight = present.reduce((s, p) => s + (p.n ?? 1), 0);
    (out as Record<string, unknown>)[f] = round(present.reduce((s, p) => s + (p[f] as number) * (p.n ?? 1), 0) / weight);
    min[f] = Math.min(...present.map((p) => p.min?.[f] ?? (p[f] as number)));
    max[f] = Math.max(...present.map((p) => p.max?.[f] ?? (p[f] as number)));
  }
  out.min = min;
  out.max = max;
  return out;
}

/** Four decimals: small manifests, no float noise such as 0.30000000000000004. */
function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

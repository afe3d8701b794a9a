import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MetricValue, ServiceMetrics } from '../records.js';
import type { Adapter } from './types.js';

const ID = 'prometheus-metrics';
const TYPE_LINE = /^#\s*TYPE\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s+(\S+)\s*$/;
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Sample-name suffixes that belong to a histogram, summary or counter family. */
const SUFFIXES = ['_bucket', '_sum', '_count', '_created', '_total', '_gsum', '_gcount'];
const KNOWN_TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

type Family = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
type Histogram = ServiceMetrics['histograms'][number];
/** A histogram being read: whether `_count` came, and each bucket's line for findings. */
type Building = Histogram & { countSeen: boolean; bucketLines: Map<number | '+Inf', number> };

/**
 * A saved scrape of a Prometheus `/metrics` endpoint (`curl -s localhost:8000/metrics > metrics.txt`):
 * the text exposition format of prometheus_client (FastDeploy, vLLM), OpenMetrics (`# EOF`)
 * included. Every sample is kept with its labels and line; histograms are assembled from their
 * `_bucket`/`_sum`/`_count` series. `_created` samples (when the exporter created a series) are
 * not measurements and are left out.
 */
export const adapter: Adapter = {
  id: ID,
  kind: 'service-metrics',
  title: 'Prometheus `/metrics` scrape (FastDeploy `fastdeploy:*`, vLLM `vllm:*`, any exporter; text format and OpenMetrics)',
  recognisedBy: '`# TYPE <name> counter|gauge|histogram|summary|untyped` lines followed by `name{labels} value` samples',
  extracts:
    'every counter, gauge, untyped and summary sample with its labels and line; histograms with cumulative buckets, sum and count; the framework prefix; summary: running/waiting requests, KV-cache use % (0-1 in the file), succeeded requests, generated tokens, mean TTFT/TPOT/e2e latency (ms, sum / count)',
  cannotKnow: 'exact percentiles (buckets bound them; FastDeploy’s TTFT buckets stop at 1 s); anything before the process started (counters are totals since start); `_created` timestamps',

  detect(input) {
    const lines = input.headLines();
    const types = lines.filter((l) => TYPE_LINE.test(l)).length;
    if (types >= 1 && lines.some((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?\s+\S+/.test(l))) return 0.9;
    return /metrics/i.test(input.name) && lines.some((l) => /^#\s*HELP\s/.test(l)) ? 0.5 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const diagnostics: Diagnostic[] = [];
    const types = new Map<string, Family>();
    const samples: ServiceMetrics['samples'] = [];
    const histograms = new Map<string, Building>();
    let n = 0;
    for await (const raw of input.lines()) {
      n++;
      const text = raw.trim();
      if (text === '') continue;
      if (text.startsWith('#')) {
        if (/^#\s*EOF\s*$/.test(text)) break;
        const t = TYPE_LINE.exec(text);
        if (t) {
          const type = t[2]!.toLowerCase();
          if (!KNOWN_TYPES.has(type)) diagnostics.push(warning(`${ID}.type`, `metric ${t[1]} has type '${t[2]}': its samples are kept as untyped (known: counter, gauge, histogram, summary, untyped)`, { file, line: n, column: 1 }));
          types.set(t[1]!, KNOWN_TYPES.has(type) ? (type as Family) : 'untyped');
        }
        continue;
      }
      const s = parseSample(raw, n, file, diagnostics);
      if (!s) continue;
      const { family, familyName } = familyOf(s.name, types);
      if (s.name.endsWith('_created') && family !== 'untyped' && family !== 'gauge') continue;
      if (family === 'histogram') {
        addToHistogram(histograms, familyName, s, n, file, diagnostics);
        continue;
      }
      samples.push({ name: s.name, type: family, ...(s.labels ? { labels: s.labels } : {}), value: s.value, line: n });
    }
    const hs = [...histograms.values()].map((h) => finishHistogram(h, file, diagnostics));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    if (!samples.length && !hs.length) {
      return { diagnostics: [error(`${ID}.empty`, 'no metric samples found: expected lines like `fastdeploy:num_requests_running 0.0` under `# TYPE` lines', { file, line: Math.max(1, n), column: 1 })] };
    }
    const framework = frameworkOf([...samples.map((x) => x.name), ...hs.map((h) => h.name)]);
    const record: ServiceMetrics = { kind: 'service-metrics', tool: 'prometheus-text', ...(framework ? { framework } : {}), samples, histograms: hs };
    return { record, diagnostics };
  },
};

interface Sample {
  name: string;
  labels?: Record<string, string>;
  value: MetricValue;
}

/** `name{a="x",b="y"} value [timestamp]`; label values may escape `\\`, `\"` and `\n`. */
function parseSample(line: string, n: number, file: string, diagnostics: Diagnostic[]): Sample | undefined {
  const bad = (column: number, what: string) => {
    diagnostics.push(error(`${ID}.bad-sample`, `expected ${what}`, { file, line: n, column }));
    return undefined;
  };
  let i = line.search(/\S/);
  const name = NAME.exec(line.slice(i))?.[0];
  if (!name) return bad(i + 1, `a sample line \`name{labels} value\`, found \`${line.trim().slice(0, 40)}\``);
  i += name.length;
  let labels: Record<string, string> | undefined;
  if (line[i] === '{') {
    labels = {};
    i++;
    for (;;) {
      while (line[i] === ' ') i++;
      if (line[i] === '}') break;
      const key = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i))?.[0];
      if (!key) return bad(i + 1, 'a label name or `}`');
      i += key.length;
      while (line[i] === ' ') i++;
      if (line[i] !== '=' || line[i + 1] !== '"') return bad(i + 1, `\`="\` after label ${key}`);
      i += 2;
      let value = '';
      for (; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\') {
          const next = line[++i];
          value += next === 'n' ? '\n' : (next ?? '');
        } else value += line[i];
      }
      if (i >= line.length) return bad(i + 1, `the closing \`"\` of label ${key}`);
      labels[key] = value;
      i++;
      while (line[i] === ' ') i++;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') return bad(i + 1, '`,` or `}` after a label');
    }
    i++;
  }
  const rest = line.slice(i);
  const m = /^\s+(\S+)(?:\s+(-?\d+(?:\.\d+)?))?\s*$/.exec(rest);
  if (!m) return bad(i + 1, `a value after ${name}`);
  const value = metricValue(m[1]!);
  if (value === undefined) return bad(i + rest.indexOf(m[1]!) + 1, `a number, NaN, +Inf or -Inf as the value of ${name}, found \`${m[1]}\``);
  return { name, ...(labels && Object.keys(labels).length ? { labels } : {}), value };
}

function metricValue(text: string): MetricValue | undefined {
  if (/^nan$/i.test(text)) return 'NaN';
  if (/^\+?inf$/i.test(text)) return '+Inf';
  if (/^-inf$/i.test(text)) return '-Inf';
  return FLOAT.test(text) ? Number(text) : undefined;
}

/** The family a sample belongs to: its own `# TYPE`, or that of its name without a family suffix. */
function familyOf(name: string, types: Map<string, Family>): { family: Family; familyName: string } {
  const own = types.get(name);
  if (own) return { family: own, familyName: name };
  for (const suffix of SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    // prometheus_client declares a counter as `x_total` and writes its creation time as `x_created`.
    const family = types.get(base) ?? (suffix === '_created' ? types.get(`${base}_total`) : undefined);
    if (family) return { family, familyName: base };
  }
  return { family: 'untyped', familyName: name };
}

function addToHistogram(histograms: Map<string, Building>, family: string, s: Sample, n: number, file: string, diagnostics: Diagnostic[]): void {
  const { le, ...others } = s.labels ?? {};
  const labels = Object.keys(others).length ? others : undefined;
  const key = `${family}\u0000${JSON.stringify(Object.entries(others).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
  let h = histograms.get(key);
  if (!h) {
    h = { name: family, ...(labels ? { labels } : {}), count: 0, sum: 0, buckets: [], line: n, countSeen: false, bucketLines: new Map() };
    histograms.set(key, h);
  }
  const suffix = s.name.slice(family.length);
  const count = typeof s.value === 'number' ? s.value : undefined;
  if (suffix === '_bucket') {
    const bound = le === undefined ? undefined : metricValue(le);
    if (bound === undefined || bound === 'NaN' || bound === '-Inf' || count === undefined) {
      diagnostics.push(error(`${ID}.bad-bucket`, `histogram ${family}: expected a bucket with an le="<upper bound>" label and a count, found le=${le === undefined ? 'none' : `"${le}"`} and ${String(s.value)}`, { file, line: n, column: 1 }));
      return;
    }
    h.buckets.push({ le: bound, count });
    h.bucketLines.set(bound, n);
  } else if (suffix === '_sum') h.sum = s.value;
  else if (suffix === '_count' && count !== undefined) {
    h.count = count;
    h.countSeen = true;
  }
}

/** Buckets in bound order and cumulative; the count is the `+Inf` bucket's when `_count` is missing. */
function finishHistogram(h: Building, file: string, diagnostics: Diagnostic[]): Histogram {
  const { countSeen, bucketLines, ...out } = h;
  out.buckets.sort((a, b) => (a.le === '+Inf' ? 1 : b.le === '+Inf' ? -1 : a.le - b.le));
  const at = { file, line: h.line, column: 1 };
  for (let i = 1; i < out.buckets.length; i++) {
    if (out.buckets[i]!.count < out.buckets[i - 1]!.count) {
      const line = bucketLines.get(out.buckets[i]!.le) ?? h.line;
      diagnostics.push(error(`${ID}.not-cumulative`, `histogram ${h.name}: bucket le=${out.buckets[i]!.le} counts ${out.buckets[i]!.count}, fewer than le=${out.buckets[i - 1]!.le} (${out.buckets[i - 1]!.count}): buckets must be cumulative`, { file, line, column: 1 }));
      return out;
    }
  }
  const inf = out.buckets.find((b) => b.le === '+Inf');
  if (!countSeen && inf) out.count = inf.count;
  else if (inf && inf.count !== out.count) diagnostics.push(warning(`${ID}.count-mismatch`, `histogram ${h.name}: _count is ${out.count} but the +Inf bucket counts ${inf.count} (scraped while requests finished?)`, at));
  return out;
}

/** `fastdeploy` when the prefixed metric names (`x:...`) are that prefix's, or mostly so. */
function frameworkOf(names: string[]): string | undefined {
  const prefixes = new Map<string, number>();
  for (const name of names) {
    const colon = name.indexOf(':');
    if (colon > 0) prefixes.set(name.slice(0, colon), (prefixes.get(name.slice(0, colon)) ?? 0) + 1);
  }
  // Exporters add their own series without a prefix (python_gc_*, process_*, http_*): only prefixed names vote.
  const [best, second] = [...prefixes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return best && (!second || best[1] > 2 * second[1]) ? best[0] : undefined;
}

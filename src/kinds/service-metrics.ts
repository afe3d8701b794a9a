import type { MetricValue, ServiceMetrics } from '../records.js';
import type { KindDefinition, SummaryValue } from './types.js';

const round = (x: number, d: number) => Number(x.toFixed(d));
const finite = (v: MetricValue): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * The serving figures a reviewer looks for, by the name after the framework prefix (FastDeploy and
 * vLLM use the same names; vLLM's newer ones are listed too). Series of one name with different
 * labels (per process, per engine, per model, per finish reason) are added up, except a cache's
 * use, whose highest value is kept.
 */
const GAUGES: [key: string, names: string[], scale: number, combine: 'sum' | 'max'][] = [
  // Requests add up over engines and processes; a cache's use does not: the fullest one is shown.
  ['running', ['num_requests_running'], 1, 'sum'],
  ['waiting', ['num_requests_waiting'], 1, 'sum'],
  // Both frameworks expose KV-cache use as a 0-1 fraction under a `_perc` name.
  ['kvCacheUsagePct', ['gpu_cache_usage_perc', 'kv_cache_usage_perc'], 100, 'max'],
];
const COUNTERS: [key: string, names: string[]][] = [
  ['requestsSucceeded', ['request_success_total']],
  ['generationTokens', ['generation_tokens_total']],
];
const LATENCIES: [key: string, names: string[]][] = [
  ['ttftMeanMs', ['time_to_first_token_seconds']],
  ['tpotMeanMs', ['time_per_output_token_seconds', 'inter_token_latency_seconds']],
  ['e2elMeanMs', ['e2e_request_latency_seconds']],
];

const base = (name: string) => name.slice(name.indexOf(':') + 1);

export const kind: KindDefinition<ServiceMetrics> = {
  name: 'service-metrics',
  schema: 'records/service-metrics.schema.json',
  defaultRole: 'log',
  summarize(r) {
    const out: Record<string, SummaryValue> = { ...(r.framework ? { framework: r.framework } : {}), samples: r.samples.length, histograms: r.histograms.length };
    // Every series of the names, each a finite number, or nothing (a NaN in one makes the whole unknown).
    const values = (names: string[], types: string[]) => {
      const hits = r.samples.filter((s) => names.includes(base(s.name)) && types.includes(s.type)).map((s) => finite(s.value));
      return hits.length && hits.every((v) => v !== undefined) ? (hits as number[]) : undefined;
    };
    // A gauge the exporter wrote without its `# TYPE` line is untyped: still the same gauge.
    for (const [key, names, scale, combine] of GAUGES) {
      const v = values(names, ['gauge', 'untyped']);
      if (v) out[key] = round((combine === 'sum' ? v.reduce((a, b) => a + b, 0) : Math.max(...v)) * scale, 2);
    }
    for (const [key, names] of COUNTERS) {
      const v = values(names, ['counter', 'untyped']);
      if (v) out[key] = v.reduce((a, b) => a + b, 0);
    }
    for (const [key, names] of LATENCIES) {
      const hs = r.histograms.filter((h) => names.includes(base(h.name)));
      const count = hs.reduce((a, h) => a + h.count, 0);
      const sums = hs.map((h) => finite(h.sum));
      // The mean is exact (sum / count); bucket-based percentiles are not, and FastDeploy's TTFT buckets stop at 1 s.
      if (count > 0 && sums.every((x) => x !== undefined)) out[key] = round((1000 * sums.reduce((a, b) => a! + b!, 0)!) / count, 1);
    }
    return out;
  },
};

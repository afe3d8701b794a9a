import type { ServingBenchmark } from '../records.js';
import type { KindDefinition } from './types.js';

const round = (x: number, d = 3) => Number(x.toFixed(d));

export const kind: KindDefinition<ServingBenchmark> = {
  name: 'serving-benchmark',
  schema: 'records/serving-benchmark.schema.json',
  defaultRole: 'benchmark.formal',
  summarize(r) {
    const e2el = r.latency.e2el;
    return {
      requests: r.requests.total,
      failed: r.requests.failed,
      requestsPerS: round(r.throughput.requestsPerS),
      ...(e2el ? { e2elMeanMs: round(e2el.mean, 1), e2elP95Ms: round(e2el.p95, 1) } : {}),
      ...(r.latency.ttft ? { ttftMeanMs: round(r.latency.ttft.mean, 1) } : {}),
    };
  },
};

import type { ServingBenchmark } from '../records.js';
import type { KindDefinition } from './types.js';

const round = (x: number, d = 3) => Number(x.toFixed(d));
/** `{key: rounded x}` when x is known, else nothing: a summary never carries an absent number. */
const opt = (key: string, x: number | undefined, d: number) => (x === undefined ? {} : { [key]: round(x, d) });

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
      ...opt('e2elMeanMs', e2el?.mean, 1),
      ...opt('e2elP95Ms', e2el?.p95, 1),
      ...opt('ttftMeanMs', r.latency.ttft?.mean, 1),
    };
  },
};

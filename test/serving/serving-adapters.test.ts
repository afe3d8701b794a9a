/** Edge cases of the serving-benchmark adapters that the fixtures do not pin down. */
import { describe, expect, it } from 'vitest';
import { adapterById } from '../../src/adapters/registry.js';
import type { Adapter } from '../../src/adapters/types.js';
import { artifactFromText } from '../../src/evidence/artifact.js';
import type { ServingBenchmark } from '../../src/records.js';

async function parse(id: string, name: string, text: string) {
  const a = (await adapterById(id)) as Adapter;
  const r = await a.parse(artifactFromText(name, text));
  return { record: r.record as ServingBenchmark | undefined, diagnostics: r.diagnostics };
}

describe('request-latencies', () => {
  it('estimates the rate per phase when no duration can be measured', async () => {
    // phase a: 2 x 1 s at concurrency 2 -> 1 s; phase b: 2 x 2 s at concurrency 1 -> 4 s
    const doc = {
      requests: [
        { latency_s: 1, phase: 'a', concurrency: 2 },
        { latency_s: 1, phase: 'a', concurrency: 2 },
        { latency_s: 2, phase: 'b' },
        { latency_s: 2, phase: 'b' },
      ],
    };
    const { record } = await parse('request-latencies-json', 'l.json', JSON.stringify(doc));
    expect(record!.durationS).toBeUndefined();
    expect(record!.throughput.requestsPerS).toBe(4 / 5);
    expect(record!.phases!.map((p) => [p.name, p.concurrency, p.durationS, p.requestsPerS])).toEqual([
      ['a', 2, undefined, 2],
      ['b', 1, 4, 0.5],
    ]);
    expect(record!.params).toEqual({ concurrency: 2 });
  });

  it('reports 0 req/s with a warning when every latency is 0', async () => {
    const { record, diagnostics } = await parse('request-latencies-csv', 'l.csv', 'latency_ms\n0\n0\n');
    expect(record!.throughput.requestsPerS).toBe(0);
    expect(diagnostics.map((d) => d.id)).toEqual(['request-latencies-csv.zero-duration']);
  });

  it('reads quoted CSV fields with commas and doubled quotes', async () => {
    const { record } = await parse('request-latencies-csv', 'l.csv', 'latency_s,error\n0.5,\n0.7,"bad, ""very"" bad"\n');
    expect(record!.requests).toEqual({ total: 2, succeeded: 1, failed: 1 });
  });
});

describe('vllm-bench-json', () => {
  it('reports a broken pretty-printed file as a whole, not as JSON-lines', async () => {
    const { diagnostics } = await parse('vllm-bench-json', 'r.json', '{\n  "completed": 3,\n  "failed": 0,\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ id: 'json.syntax', line: 4 });
  });
});

import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseScheduling } from '../../src/analysis/scheduling.js';
import { openArtifact } from '../../src/evidence/artifact.js';
import { parseArtifact } from '../../src/evidence/parse-file.js';
import { kind as serviceLogKind } from '../../src/kinds/service-log.js';
import type { SchedulingPoint, ServiceLog } from '../../src/records.js';

const file = path.join(import.meta.dirname, '../fixtures/analysis/scheduling/console.log');

async function record(): Promise<ServiceLog> {
  const parsed = await parseArtifact(await openArtifact(file, 'console.log'));
  expect(parsed.valid).toBe(true);
  return parsed.record as ServiceLog;
}

/** The figures computed straight from the text, without the adapter or the analysis. */
function independent(text: string) {
  const rows = text
    .split('\n')
    .filter((l) => /(Prefill|Decode) batch, /.test(l))
    .map((l) => ({
      decode: l.includes('Decode batch'),
      running: Number(/#running-req: (\d+)/.exec(l)![1]),
      queued: Number(/#queue-req: (\d+)/.exec(l)![1]),
      usage: Number(/token usage: ([\d.]+)/.exec(l)![1]) * 100,
      free: /#free-block: (\d+)/.exec(l) ? Number(/#free-block: (\d+)/.exec(l)![1]) : undefined,
      gen: /gen throughput \(token\/s\): ([\d.]+)/.exec(l) ? Number(/gen throughput \(token\/s\): ([\d.]+)/.exec(l)![1]) : undefined,
    }));
  const decode = rows.filter((r) => r.decode);
  const gens = decode.map((r) => r.gen!);
  return {
    lines: rows.length,
    decodeLines: decode.length,
    peakRunning: Math.max(...rows.map((r) => r.running)),
    meanRunning: decode.reduce((s, r) => s + r.running, 0) / decode.length,
    queuedSharePct: (100 * rows.filter((r) => r.queued > 0).length) / rows.length,
    peakQueue: Math.max(...rows.map((r) => r.queued)),
    peakUsagePct: Math.max(...rows.map((r) => r.usage)),
    minFree: Math.min(...rows.filter((r) => r.free !== undefined).map((r) => r.free!)),
    meanGen: gens.reduce((s, x) => s + x, 0) / gens.length,
    peakGen: Math.max(...gens),
  };
}

describe('scheduling analysis from FastDeploy scheduler lines', () => {
  it('gives the figures an independent computation from the log text gives', async () => {
    const r = await record();
    const want = independent(readFileSync(file, 'utf8'));
    expect(r.scheduling).toMatchObject({ prefillLines: 3, decodeLines: 6, queuedLines: 3, firstTimestamp: '2026-03-02 09:15:00,100' });
    const s = analyseScheduling([{ id: 'log/console', record: r }], {})!;
    expect(s.prefillLines + s.decodeLines).toBe(want.lines);
    expect(s.decodeLines).toBe(want.decodeLines);
    expect(s.running!.peak).toBe(want.peakRunning);
    expect(s.running!.mean).toBeCloseTo(want.meanRunning, 9);
    expect(s.queue!.sharePct).toBeCloseTo(want.queuedSharePct, 9);
    expect(s.queue!.peak).toBe(want.peakQueue);
    expect(s.kv.peakUsagePct).toBeCloseTo(want.peakUsagePct, 9);
    expect(s.kv.minFreeBlocks).toBe(want.minFree);
    expect(s.decode!.meanTokPerS).toBeCloseTo(want.meanGen, 9);
    expect(s.decode!.peakTokPerS).toBe(want.peakGen);
    expect(s.durationS).toBeCloseTo(1.91, 9);
    // Budget and max_num_seqs from the start-up lines of the same log.
    expect(s.kv).toMatchObject({ gpuBlocks: 20480, blockSize: 64, maxRunningAtFullLength: 80, fullLength: 16384 });
    expect(s.maxNumSeqs).toEqual({ value: 6, from: 'log/console:3' });
    expect(s.peakOfMaxPct).toBe(100);
    expect(s.missing).toEqual(['ttft']);
  });

  it('reads the compact progress form (running, waiting, blocks used, gen throughput) as decode lines', async () => {
    const { artifactFromText } = await import('../../src/evidence/artifact.js');
    const text = [
      'INFO     2026-04-21 15:41:03,414 18342 resource_manager_v1.py[line:812] running: 1, waiting: 0, blocks used: 18/39384, cuda_graph=False, gen throughput=133.64 tok/s',
      'INFO     2026-04-21 15:41:04,021 18342 resource_manager_v1.py[line:812] running: 3, waiting: 2, blocks used: 96/39384, cuda_graph=False, gen throughput=301.50 tok/s',
      'INFO     2026-04-21 15:41:05,100 18342 resource_manager_v1.py[line:812] running: 2, waiting: 0, blocks used: 60/39384, cuda_graph=False, gen throughput=240.00 tok/s',
    ].join('\n') + '\n';
    const parsed = await parseArtifact(artifactFromText('fastdeploy.log', text));
    const log = parsed.record as ServiceLog;
    expect(log.scheduling).toMatchObject({ prefillLines: 0, decodeLines: 3, queuedLines: 1 });
    const s = analyseScheduling([{ id: 'log/fastdeploy', record: log }], {})!;
    expect(s.running).toEqual({ peak: 3, mean: 2 });
    expect(s.queue).toEqual({ sharePct: 100 / 3, peak: 2 });
    expect(s.kv.peakUsagePct).toBeCloseTo((100 * 96) / 39384, 3);
    expect(s.kv.minFreeBlocks).toBe(39384 - 96);
    expect(s.decode!.meanTokPerS).toBeCloseTo((133.64 + 301.5 + 240) / 3, 9);
    expect(s.durationS).toBeCloseTo(1.686, 9);
  });

  it('says what is missing when the logs have no scheduler lines', () => {
    const bare: ServiceLog = { kind: 'service-log', tool: 'fastdeploy-log', lines: 3, errors: 0, warnings: 0, events: [] };
    const s = analyseScheduling([{ id: 'log/fastdeploy', record: bare }], { benchParams: { max_num_seqs: 8 }, benchId: 'formal/run', ttftSharePct: 12.5 })!;
    expect(s.missing).toEqual(['scheduler-lines', 'kv-budget']);
    expect(s.maxNumSeqs).toEqual({ value: 8, from: 'formal/run' });
    expect(s.ttftSharePct).toBe(12.5);
    expect(s.running).toBeUndefined();
  });

  it('bucketed at collect, a long series gives the same peaks and means', () => {
    const series: SchedulingPoint[] = Array.from({ length: 5000 }, (_, i) => ({
      tS: i * 0.05,
      phase: i % 10 === 0 ? 'prefill' : 'decode',
      running: 1 + ((i * 7) % 8),
      queued: i === 3333 ? 9 : i % 97 === 0 ? 1 : 0,
      usagePct: i === 4000 ? 87 : (i % 50) / 10,
      freeBlocks: 20000 - (i % 300),
      ...(i % 10 === 0 ? {} : { genTokPerS: 100 + (i % 37) }),
    }));
    const log: ServiceLog = {
      kind: 'service-log',
      tool: 'fastdeploy-log',
      lines: 5000,
      errors: 0,
      warnings: 0,
      events: [],
      scheduling: { prefillLines: 500, decodeLines: 4500, queuedLines: series.filter((p) => p.queued > 0).length, series },
    };
    const compacted = serviceLogKind.compact!(log);
    expect(compacted.scheduling!.series.length).toBeLessThanOrEqual(2 * 720);
    const full = analyseScheduling([{ id: 'l', record: log }], {})!;
    const small = analyseScheduling([{ id: 'l', record: compacted }], {})!;
    expect(small.running!.peak).toBe(full.running!.peak);
    expect(small.running!.mean).toBeCloseTo(full.running!.mean!, 3);
    expect(small.queue).toEqual(full.queue);
    expect(small.kv.peakUsagePct).toBe(87);
    expect(small.kv.minFreeBlocks).toBe(full.kv.minFreeBlocks);
    expect(small.decode!.peakTokPerS).toBe(full.decode!.peakTokPerS);
    expect(small.decode!.meanTokPerS).toBeCloseTo(full.decode!.meanTokPerS, 3);
  });
});

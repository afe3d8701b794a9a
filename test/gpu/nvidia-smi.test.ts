/** The nvidia-smi default view: which adapter gets a snapshot, and sampling logs independently checked. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAdapter } from '../../src/adapters/registry.js';
import { adapter } from '../../src/adapters/nvidia-smi.js';
import { artifactFromText } from '../../src/evidence/artifact.js';
import type { GpuSamples } from '../../src/records.js';

const dir = path.join(import.meta.dirname, '../fixtures/adapters/nvidia-smi/ok');
const loop = readFileSync(path.join(dir, 'nvidia_smi_l2_a100.log'), 'utf8');

describe('nvidia-smi default view', () => {
  it('a snapshot is GPU samples, unless its name says it is the environment capture', async () => {
    const snapshot = readFileSync(path.join(dir, 'gpu_snapshot_h800.txt'), 'utf8');
    expect((await chooseAdapter(artifactFromText('gpu_snapshot.txt', snapshot)))?.id).toBe('nvidia-smi');
    expect((await chooseAdapter(artifactFromText('nvidia-smi.txt', snapshot)))?.id).toBe('nvidia-smi');
    expect((await chooseAdapter(artifactFromText('env_nvidia-smi.txt', snapshot)))?.id).toBe('environment');
    expect((await chooseAdapter(artifactFromText('environment.txt', snapshot)))?.id).toBe('environment');
  });

  it('every snapshot of a loop is a sample; its numbers are the rows, read here by position', async () => {
    const rows = loop.split('\n').filter((l) => /^\| N\/A/.test(l));
    const used = rows.map((r) => Number(/(\d+)MiB \//.exec(r)![1]));
    const util = rows.map((r) => Number(/(\d+)%/.exec(r)![1]));
    const r = (await adapter.parse(artifactFromText('loop.log', loop))).record as GpuSamples;
    expect(r.samples).toBe(rows.length);
    expect(r.series!.map((p) => p.utilPct)).toEqual(util);
    expect(r.series!.map((p) => p.memUsedMiB)).toEqual(used);
    expect(r.utilization.maxPct).toBe(Math.max(...util));
    expect(r.utilization.avgPct).toBeCloseTo(util.reduce((a, b) => a + b, 0) / util.length, 12);
    expect(r.memory.peakUsedMiB).toBe(Math.max(...used));
  });

  it('a snapshot cut before its first device row is left out with a warning; the others stay', async () => {
    const second = loop.indexOf('Wed Apr 22 09:30:02');
    const third = loop.indexOf('Wed Apr 22 09:30:04');
    const cut = loop.slice(second, loop.indexOf('|   0  NVIDIA', second));
    const r = await adapter.parse(artifactFromText('loop.log', loop.slice(0, second) + cut + loop.slice(third)));
    expect(r.diagnostics.map((d) => `${d.severity}:${d.id}`)).toEqual(['warning:nvidia-smi.truncated']);
    expect((r.record as GpuSamples).samples).toBe(2);
    expect((r.record as GpuSamples).series!.map((p) => p.tS)).toEqual([0, 4]);
  });
});

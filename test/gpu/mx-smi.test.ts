/** Edge cases of the mx-smi sampling-log reader that fixtures do not show well. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapter } from '../../src/adapters/mx-smi.js';
import { artifactFromText } from '../../src/evidence/artifact.js';
import type { GpuSamples } from '../../src/records.js';

const fixture = readFileSync(path.join(import.meta.dirname, '../fixtures/adapters/mx-smi/ok/mxsmi_2.2.4_two_gpus.txt'), 'utf8');
/** The five snapshots of the fixture, each ending with `End of Log`. */
const snapshots = fixture.split(/(?<=End of Log\n)\n?/).filter((s) => s.trim() !== '');

async function parse(text: string) {
  const r = await adapter.parse(artifactFromText('mx.log', text));
  return { record: r.record as GpuSamples | undefined, ids: r.diagnostics.map((d) => `${d.severity}:${d.id}`) };
}

describe('mx-smi sampling logs', () => {
  it('splits the fixture into five snapshots', () => {
    expect(snapshots).toHaveLength(5);
  });

  it('drops a snapshot cut inside its table when the next one starts, with a warning', async () => {
    const cut = snapshots[1]!.slice(0, snapshots[1]!.indexOf('| 1           MetaX C500'));
    const { record, ids } = await parse(snapshots[0]! + cut + snapshots[2]!);
    expect(ids).toEqual(['warning:mx-smi.truncated']);
    expect(record?.samples).toBe(2);
    expect(record?.series?.map((p) => p.tS)).toEqual([0, 0, 6, 6]);
  });

  it('tolerates a log cut in the middle of a device row at the end', async () => {
    const last = snapshots[4]!;
    const cut = last.slice(0, last.indexOf('| 41C'));
    const { record, ids } = await parse(snapshots[0]! + cut);
    expect(ids).toEqual(['warning:mx-smi.truncated']);
    expect(record?.samples).toBe(1);
  });

  it('keeps tS non-negative when snapshots are out of order', async () => {
    const { record } = await parse(snapshots[3]! + snapshots[0]!);
    expect(record?.durationS).toBe(9);
    expect(record?.series?.map((p) => p.tS)).toEqual([9, 9, 0, 0]);
  });

  it('reads a table followed directly by the Process box', async () => {
    const { record, ids } = await parse(snapshots[0]!.replace(/\n\n\+-+\+\n\| Process:/, '\n| Process:'));
    expect(ids).toEqual([]);
    expect(record?.devices.map((d) => d.busId)).toEqual(['0000:01:00.0', '0000:02:00.0']);
  });

  it('leaves the series out when a snapshot has no Timestamp', async () => {
    const { record, ids } = await parse(snapshots[0]!.replace(/^Timestamp.*\n/m, '') + snapshots[1]!);
    expect(ids).toEqual(['warning:mx-smi.no-timestamp']);
    expect(record?.series).toBeUndefined();
    expect(record?.durationS).toBeUndefined();
    expect(record?.samples).toBe(2);
  });
});

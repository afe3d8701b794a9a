/** nvidia-smi --query-gpu rows the driver could not fill: skipped, and the warning says where. */
import { describe, expect, it } from 'vitest';
import { adapter } from '../../src/adapters/nvidia-smi-query.js';
import { artifactFromText } from '../../src/evidence/artifact.js';
import type { GpuSamples } from '../../src/records.js';

const CSV = [
  'timestamp, index, utilization.gpu [%], memory.used [MiB]',
  '2026/04/21 15:10:01.123, 0, 97 %, 30994 MiB',
  '2026/04/21 15:10:01.623, 0, [N/A], 30994 MiB',
  '2026/04/21 15:10:02.124, 0, 98 %, 30996 MiB',
  '2026/04/21 15:10:02.624, 0, [N/A], [N/A]',
  '',
].join('\n');

describe('nvidia-smi --query-gpu with [N/A] values', () => {
  it('skips those rows, keeps the others, and names the first skipped line', async () => {
    const r = await adapter.parse(artifactFromText('gpu.csv', CSV));
    expect((r.record as GpuSamples).samples).toBe(2);
    expect((r.record as GpuSamples).utilization).toEqual({ avgPct: 97.5, maxPct: 98 });
    const w = r.diagnostics.find((d) => d.id === 'nvidia-smi-query.not-available')!;
    expect(w.line).toBe(3);
    expect(w.message).toContain('2 row(s)');
  });
});

/** Child process of the trace benchmark: summarise one trace with the chrome-trace adapter. */
import { adapter } from '../adapters/chrome-trace.js';
import { openArtifact } from '../evidence/artifact.js';
import type { KernelProfile } from '../records.js';

const file = process.argv[2];
if (!file) throw new Error('usage: _trace-child.js <trace>');
const result = await adapter.parse(await openArtifact(file));
const record = result.record as KernelProfile | undefined;
process.stdout.write(
  JSON.stringify({
    kernels: record?.kernels.length ?? 0,
    totalUs: record?.totalUs ?? 0,
    top: record?.kernels.slice(0, 3).map((k) => [k.name, k.calls, k.totalUs]) ?? [],
    diagnostics: result.diagnostics.map((d) => d.id),
    maxRssKiB: process.resourceUsage().maxRSS,
  }) + '\n',
);

import type { ManifestEntry } from '../evidence/manifest.js';
import { defineAnalyser } from './analyser.js';
import type { AnalysisFacts } from './index.js';
import type { KernelAnalysis } from './kernels.js';
import type { KernelProfile, PythonProfile } from '../records.js';

/**
 * Traces and other artifacts too large to commit: where a reviewer gets them. An inline entry is
 * reachable through its published copy; an external one only through its `url`.
 */
export interface TraceAnalysis {
  id: string;
  kind: string;
  tool: string;
  role: string;
  storage: 'inline' | 'external';
  bytes: number;
  sha256: string;
  url?: string;
  reachable: boolean;
  /** A profiling trace (role profiling.trace or a trace format), not just a large file. */
  trace: boolean;
  /** For a kernel profile summarised from the trace: kernels and total device time. */
  kernels?: number;
  totalUs?: number;
  topKernel?: string;
}

// Checked against the schemas' tool enums: renaming a tool there breaks the build here, not silently.
const TRACE_TOOLS: ReadonlySet<string> = new Set(['chrome-trace', 'py-spy-chrometrace', 'py-spy-speedscope'] satisfies (KernelProfile | PythonProfile)['tool'][]);

/**
 * Entries that are traces (role profiling.trace, or parsed by a trace adapter) or external; a
 * trace summarised into a kernel profile states its kernels (from that profile's analysis, so
 * only a valid record gives numbers).
 */
export function analyseTraces(entries: readonly ManifestEntry[], kernels: readonly KernelAnalysis[]): TraceAnalysis[] {
  const profiles = new Map(kernels.map((k) => [k.id, k]));
  return entries
    .filter((e) => e.role === 'profiling.trace' || TRACE_TOOLS.has(e.tool) || e.storage === 'external')
    .map((e) => {
      const k = profiles.get(e.id);
      return {
        id: e.id,
        kind: e.kind,
        tool: e.tool,
        role: e.role,
        storage: e.storage,
        bytes: e.bytes,
        sha256: e.sha256,
        ...(e.url ? { url: e.url } : {}),
        reachable: e.storage === 'inline' || e.url !== undefined,
        trace: e.role === 'profiling.trace' || TRACE_TOOLS.has(e.tool),
        ...(k ? { kernels: k.stated.listed, totalUs: k.stated.totalUs, ...(k.stated.first !== undefined ? { topKernel: k.stated.first } : {}) } : {}),
      };
    });
}

function traceFacts(t: TraceAnalysis[]): AnalysisFacts {
  const traces = t.filter((x) => x.trace);
  const reachable = traces.filter((x) => x.reachable).length;
  if (!traces.length) return { done: false, why: 'no profiling trace', values: { reachable: 0 } };
  return { done: reachable > 0, ...(reachable ? {} : { why: 'the trace is external and has no url' }), values: { reachable, external: traces.filter((x) => x.storage === 'external').length } };
}

/** Not one kind's: every entry of the manifest may be an artifact to download. */
export const traceAnalyser = defineAnalyser({
  key: 'traces',
  reads: ['kernels'],
  run: ({ manifest, earlier }) => analyseTraces(manifest.entries, earlier.kernels),
  facts: { name: 'trace', of: traceFacts },
});

import type { ManifestEntry } from '../evidence/manifest.js';

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

const TRACE_TOOLS = new Set(['chrome-trace', 'py-spy-chrometrace', 'py-spy-speedscope']);

/** Entries that are traces (role profiling.trace, or parsed by a trace adapter) or external. */
export function analyseTraces(entries: readonly ManifestEntry[]): TraceAnalysis[] {
  return entries
    .filter((e) => e.role === 'profiling.trace' || TRACE_TOOLS.has(e.tool) || e.storage === 'external')
    .map((e) => {
      const r = e.record?.kind === 'kernel-profile' ? e.record : undefined;
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
        ...(r ? { kernels: r.kernels.length, totalUs: r.totalUs, ...(r.kernels[0] ? { topKernel: r.kernels[0].name } : {}) } : {}),
      };
    });
}

import type { KernelProfile } from '../records.js';

/** How many kernels a record keeps: enough for any report table, small for any trace. */
export const TOP_KERNELS = 50;

/** Per-name totals, the common ground of every kernel profiler. */
export interface KernelRow {
  name: string;
  calls: number;
  totalUs: number;
  /** The tool's own share of this kernel (Paddle's Ratio(%)), kept as stated instead of recomputed. */
  pct?: number;
}

/**
 * The kernel-profile record of a set of per-name totals: sorted by total time (name breaks
 * ties), the top TOP_KERNELS kept, shares taken of `totalUs` (all kernels, kept or not) unless
 * the tool states its own share (`pct`), which is kept.
 * Times are rounded to the nanosecond and shares to 0.001 %, so that float noise from summing
 * millions of events does not reach documents.
 */
export function kernelProfile(tool: KernelProfile['tool'], rows: readonly KernelRow[], totalUs: number): KernelProfile {
  const sorted = [...rows].sort((a, b) => b.totalUs - a.totalUs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    kind: 'kernel-profile',
    tool,
    totalUs: round3(totalUs),
    kernels: sorted.slice(0, TOP_KERNELS).map((r) => ({
      name: r.name,
      calls: r.calls,
      totalUs: round3(r.totalUs),
      avgUs: r.calls > 0 ? round3(r.totalUs / r.calls) : 0,
      pct: r.pct ?? (totalUs > 0 ? Math.min(100, round3((r.totalUs / totalUs) * 100)) : 0),
    })),
  };
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

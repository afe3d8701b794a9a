import type { KernelProfile } from '../records.js';
import { categorize, type KernelCategory } from './kernel-categories.js';

/**
 * Kernel analysis of one kernel profile: each entry classified by name (kernel-categories.ts);
 * runtime API and initialisation entries kept apart and never named the bottleneck; a category
 * table; and for the top device kernels their share, calls, average duration and call pattern.
 * Shares are the ones the profile states (of the whole GPU time, listed or not), so the table
 * and the analysis agree with the tool that wrote them.
 */

/** Kernels analysed one by one (the task asks for at least 5). */
const ANALYSED_KERNELS = 10;
/** An average at or below this over LAUNCH_BOUND_CALLS calls or more: launch overhead dominates. */
const LAUNCH_BOUND_AVG_US = 10;
const LAUNCH_BOUND_CALLS = 1000;
/** Averages at or below this are short launches. */
const SHORT_AVG_US = 50;
/** Averages at or above this are long calls. */
const LONG_AVG_US = 500;

export type CallPattern = 'launch-bound' | 'many-short' | 'few-long' | 'moderate';

export interface KernelFinding {
  rank: number;
  name: string;
  category: KernelCategory;
  calls: number;
  totalUs: number;
  avgUs: number;
  sharePct: number;
  pattern: CallPattern;
}

export interface CategoryRow {
  category: KernelCategory;
  kernels: number;
  calls: number;
  totalUs: number;
  sharePct: number;
}

export interface KernelAnalysis {
  id: string;
  tool: KernelProfile['tool'];
  /** Device kernels listed (runtime entries excluded). */
  deviceKernels: number;
  deviceTotalUs: number;
  /** Category table, largest share first; device kernels only. */
  categories: CategoryRow[];
  /** Share of GPU time the profile does not list (a top-N table), when it states shares that sum below 100%. */
  unlistedPct?: number;
  top: KernelFinding[];
  runtime: { name: string; calls: number; totalUs: number; avgUs: number }[];
  /** The device kernel with the largest time (never a runtime entry). */
  bottleneck?: KernelFinding;
  /** The category with the largest share. */
  topCategory?: CategoryRow;
  /** The profile as it states itself (runtime entries included), for the trace table: entries listed, total time, the first entry. */
  stated: { listed: number; totalUs: number; first?: string };
}

export function callPattern(calls: number, avgUs: number): CallPattern {
  if (avgUs <= LAUNCH_BOUND_AVG_US && calls >= LAUNCH_BOUND_CALLS) return 'launch-bound';
  if (avgUs <= SHORT_AVG_US && calls >= 100) return 'many-short';
  if (avgUs >= LONG_AVG_US) return 'few-long';
  return 'moderate';
}

export function analyseKernels(id: string, record: KernelProfile): KernelAnalysis {
  const classified = record.kernels.map((k) => ({ ...k, category: categorize(k.name) }));
  const device = classified.filter((k) => k.category !== 'runtime');
  const runtime = classified.filter((k) => k.category === 'runtime').map(({ name, calls, totalUs, avgUs }) => ({ name, calls, totalUs, avgUs }));
  const byCategory = new Map<KernelCategory, CategoryRow>();
  for (const k of device) {
    const row = byCategory.get(k.category) ?? { category: k.category, kernels: 0, calls: 0, totalUs: 0, sharePct: 0 };
    row.kernels++;
    row.calls += k.calls;
    row.totalUs += k.totalUs;
    row.sharePct += k.pct;
    byCategory.set(k.category, row);
  }
  const categories = [...byCategory.values()].sort((a, b) => b.totalUs - a.totalUs || (a.category < b.category ? -1 : 1));
  const listedPct = device.reduce((s, k) => s + k.pct, 0);
  const top: KernelFinding[] = device.slice(0, ANALYSED_KERNELS).map((k, i) => ({
    rank: i + 1,
    name: k.name,
    category: k.category,
    calls: k.calls,
    totalUs: k.totalUs,
    avgUs: k.avgUs,
    sharePct: k.pct,
    pattern: callPattern(k.calls, k.avgUs),
  }));
  const unlisted = 100 - listedPct - runtime.reduce((s, r) => s + (record.kernels.find((k) => k.name === r.name)?.pct ?? 0), 0);
  return {
    id,
    tool: record.tool,
    deviceKernels: device.length,
    deviceTotalUs: device.reduce((s, k) => s + k.totalUs, 0),
    categories,
    ...(unlisted > 0.005 ? { unlistedPct: unlisted } : {}),
    top,
    runtime,
    ...(top[0] ? { bottleneck: top[0] } : {}),
    ...(categories[0] ? { topCategory: categories[0] } : {}),
    stated: { listed: record.kernels.length, totalUs: record.totalUs, ...(record.kernels[0] ? { first: record.kernels[0].name } : {}) },
  };
}

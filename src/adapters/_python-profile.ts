/**
 * Shared by the python-profile adapters (py-spy speedscope/raw/dump, pstats): frame parsing and
 * the aggregation of sampled stacks into per-function self/total percentages.
 */
import type { PythonProfile } from '../records.js';

export type ProfileFunction = PythonProfile['functions'][number];
export interface Frame {
  name: string;
  file?: string;
  /** The line being executed (py-spy) or the definition line (pstats); absent when unknown. */
  line?: number;
}

/** The record keeps the hottest functions only: enough for an RFC table. */
export const TOP_FUNCTIONS = 50;

/**
 * A py-spy frame as `name (file:line)`, `name (file)` (--nolineno) or a bare name. Line 0 means
 * "unknown" (native frames).
 */
export function parseFrame(text: string): Frame {
  const m = /^(.*?) \(([^()]*?)(?::(\d+))?\)$/.exec(text.trim());
  if (!m || m[1] === '') return { name: text.trim() };
  return frame(m[1]!, m[2], m[3] === undefined ? undefined : Number(m[3]));
}

/** A frame with empty file and zero line dropped, as py-spy writes them for native code. */
export function frame(name: string, file: string | null | undefined, line: number | null | undefined): Frame {
  const f: Frame = { name };
  if (file) f.file = file;
  if (typeof line === 'number' && Number.isInteger(line) && line > 0) f.line = line;
  return f;
}

/** Roots py-spy adds with --subprocesses / --threads: they are not functions. */
function isPseudoFrame(f: Frame): boolean {
  return /^process \d+:/.test(f.name) || /^thread \(0x[0-9a-fA-F]+\)$/.test(f.name);
}

interface Tally {
  name: string;
  file?: string;
  self: number;
  total: number;
  /** Weight per executing line; the heaviest becomes the reported line. */
  lines: Map<number, number>;
}

/** Accumulates weighted stacks; percentages are of the total weight of all stacks added. */
export class HotSpots {
  private totalWeight = 0;
  private readonly tallies = new Map<string, Tally>();

  /** One stack, root first, leaf last. */
  add(stack: readonly Frame[], weight = 1): void {
    this.totalWeight += weight;
    const frames = stack.filter((f) => !isPseudoFrame(f));
    // Recursion, or two functions of one name in one file (a model's `forward` calling its
    // layers' `forward`): the function counts once per stack, and its line is that of its
    // innermost frame, the one executing on its own behalf, never the caller's.
    const innermost = new Map<string, Frame>();
    for (const f of frames) innermost.set(key(f), f);
    for (const [k, f] of innermost) {
      const t = this.tally(f);
      t.total += weight;
      if (f.line !== undefined) t.lines.set(f.line, (t.lines.get(f.line) ?? 0) + weight);
      if (k === key(frames[frames.length - 1]!)) t.self += weight;
    }
  }

  functions(limit = TOP_FUNCTIONS): ProfileFunction[] {
    if (this.totalWeight <= 0) return [];
    const pct = (w: number) => Math.min(100, Math.round((w / this.totalWeight) * 100 * 1e6) / 1e6);
    return [...this.tallies.values()]
      .map((t) => {
        const line = hottestLine(t.lines);
        return {
          name: t.name,
          ...(t.file !== undefined ? { file: t.file } : {}),
          ...(line !== undefined ? { line } : {}),
          selfPct: pct(t.self),
          totalPct: pct(t.total),
        };
      })
      .sort(byHotness)
      .slice(0, limit);
  }

  private tally(f: Frame): Tally {
    let t = this.tallies.get(key(f));
    if (!t) {
      t = { name: f.name, self: 0, total: 0, lines: new Map() };
      if (f.file !== undefined) t.file = f.file;
      this.tallies.set(key(f), t);
    }
    return t;
  }
}

/** Functions are told apart by name and file; the line varies with each sample. */
function key(f: Frame): string {
  return `${f.name}\u0000${f.file ?? ''}`;
}

function hottestLine(lines: Map<number, number>): number | undefined {
  let best: number | undefined;
  for (const [line, w] of lines) if (best === undefined || w > lines.get(best)! || (w === lines.get(best)! && line < best)) best = line;
  return best;
}

/** Self time first, then total, then name and file so that ties sort the same every run. */
export function byHotness(a: ProfileFunction, b: ProfileFunction): number {
  return b.selfPct - a.selfPct || b.totalPct - a.totalPct || cmp(a.name, b.name) || cmp(a.file ?? '', b.file ?? '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { MetricStats } from '../records.js';
import { detectColdStart, type ColdStart } from './cold-start.js';
import { modifiedZOutliers, type Outlier } from './outliers.js';
import { isTailAnomalous, tailSummary, type TailSummary } from './tail.js';

/**
 * A benchmark matrix: runs that differ in a few parameters (e.g. max_num_seqs x max_model_len).
 * Parameters whose value differs between runs are the axes (a parameter missing from a run
 * counts as null); with exactly two, the runs also form a grid. Values sort numerically when
 * they are numbers or numeric strings ("4096"), else null < booleans < numbers < strings.
 *
 * Best cell (of at least two runs that served requests): the highest requests/s; cells within 1% of it count as tied and the lowest e2el
 * p95 wins, then the lowest parameter values, then the id. Anomalous cell: the tail rule
 * (tail.ts) or at least one slow modified z-score outlier (above the median) among its e2el
 * samples (outliers.ts); all outliers are still listed.
 */

export type ParamValue = string | number | boolean | null;

export interface MatrixRun {
  id: string;
  params: Record<string, ParamValue>;
  e2el: MetricStats;
  requestsPerS: number;
}

export interface MatrixCell {
  id: string;
  /** Only the parameters that vary, in axis order. */
  params: Record<string, ParamValue>;
  requestsPerS: number;
  /** The run's e2el statistics without the samples. */
  e2el: Omit<MetricStats, 'samples'>;
  tail: TailSummary & { anomalous: boolean };
  /** null when the run has no per-request samples. */
  outliers: Outlier[] | null;
  coldStart: ColdStart | null;
  anomalous: boolean;
}

export interface MatrixAxis {
  param: string;
  values: ParamValue[];
}

export interface Matrix {
  /** Varying parameter names in axis order. */
  varying: string[];
  /** Parameters every run has with the same value. */
  fixed: Record<string, ParamValue>;
  /** With exactly two varying parameters: grid[row][col] = ids of the runs there (usually one). */
  rows?: MatrixAxis;
  cols?: MatrixAxis;
  grid?: string[][][];
  /** Sorted by the varying parameter values in axis order, then id. */
  cells: MatrixCell[];
  best: string | null;
  anomalous: string[];
}

export interface MatrixOptions {
  /** Axis order override (names of varying parameters); default: order of first appearance. */
  rows?: string;
  cols?: string;
}

/** Throughputs within this fraction of the best count as tied. */
export const BEST_TIE_FRACTION = 0.01;

const TYPE_RANK = { null: 0, boolean: 1, number: 2, string: 3 } as const;

function numeric(v: ParamValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function rank(v: ParamValue): number {
  if (v === null) return TYPE_RANK.null;
  if (numeric(v) !== null) return TYPE_RANK.number;
  return TYPE_RANK[typeof v as 'boolean' | 'string'];
}

export function compareParamValues(a: ParamValue, b: ParamValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== null && nb !== null && na !== nb) return na - nb;
  // Same number written differently ("8" vs 8) or two strings/booleans: order by text.
  const sa = `${typeof a}:${String(a)}`;
  const sb = `${typeof b}:${String(b)}`;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function valueOf(run: MatrixRun, name: string): ParamValue {
  return Object.hasOwn(run.params, name) ? run.params[name]! : null;
}

function axisNames(runs: readonly MatrixRun[], opts: MatrixOptions): { varying: string[]; fixed: Record<string, ParamValue> } {
  const names: string[] = [];
  for (const run of runs) for (const k of Object.keys(run.params)) if (!names.includes(k)) names.push(k);
  const varying = names.filter((k) => runs.some((r) => compareParamValues(valueOf(r, k), valueOf(runs[0]!, k)) !== 0));
  const fixed: Record<string, ParamValue> = {};
  for (const k of names) if (!varying.includes(k)) fixed[k] = valueOf(runs[0]!, k);
  for (const name of [opts.rows, opts.cols]) {
    if (name !== undefined && !varying.includes(name)) {
      throw new RangeError(`matrix axis "${name}" is not a varying parameter; varying: ${varying.join(', ') || '(none)'}`);
    }
  }
  const preferred = [opts.rows, opts.cols].filter((x): x is string => x !== undefined);
  return { varying: [...new Set([...preferred, ...varying])], fixed };
}

function toCell(run: MatrixRun, varying: readonly string[]): MatrixCell {
  const { samples, ...e2el } = run.e2el;
  const tail = { ...tailSummary(run.e2el), anomalous: isTailAnomalous(run.e2el) };
  const outliers = samples ? modifiedZOutliers(samples).outliers : null;
  return {
    id: run.id,
    params: Object.fromEntries(varying.map((k) => [k, valueOf(run, k)])),
    requestsPerS: run.requestsPerS,
    e2el,
    tail,
    outliers,
    coldStart: samples ? detectColdStart(samples).coldStart : null,
    // Only a slow outlier is a problem: a request faster than the rest is not an anomaly.
    anomalous: tail.anomalous || (outliers !== null && outliers.some((o) => o.score > 0)),
  };
}

function compareCells(varying: readonly string[]) {
  return (a: MatrixCell, b: MatrixCell): number => {
    for (const k of varying) {
      const c = compareParamValues(a.params[k]!, b.params[k]!);
      if (c !== 0) return c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

function bestCell(all: readonly MatrixCell[]): string | null {
  // A run where nothing succeeded (0 req/s) is a finding, never the best configuration; and a
  // single run is best of nothing.
  const cells = all.filter((c) => c.requestsPerS > 0);
  if (cells.length < 2) return null;
  const top = Math.max(...cells.map((c) => c.requestsPerS));
  // `cells` is already in parameter order, and the sort is stable: that breaks the last ties.
  const tied = cells.filter((c) => c.requestsPerS >= top * (1 - BEST_TIE_FRACTION));
  // A cell without a stated p95 ranks after every cell that has one.
  return [...tied].sort((a, b) => (a.e2el.p95 ?? Infinity) - (b.e2el.p95 ?? Infinity))[0]!.id;
}

function distinct(values: ParamValue[]): ParamValue[] {
  const out: ParamValue[] = [];
  for (const v of [...values].sort(compareParamValues)) if (out.length === 0 || compareParamValues(out[out.length - 1]!, v) !== 0) out.push(v);
  return out;
}

export function buildMatrix(runs: readonly MatrixRun[], opts: MatrixOptions = {}): Matrix {
  if (runs.length === 0) return { varying: [], fixed: {}, cells: [], best: null, anomalous: [] };
  const { varying, fixed } = axisNames(runs, opts);
  const cells = runs.map((r) => toCell(r, varying)).sort(compareCells(varying));
  const matrix: Matrix = {
    varying,
    fixed,
    cells,
    best: bestCell(cells),
    anomalous: cells.filter((c) => c.anomalous).map((c) => c.id),
  };
  if (varying.length === 2) Object.assign(matrix, grid(cells, varying[0]!, varying[1]!));
  return matrix;
}

function grid(cells: readonly MatrixCell[], rowName: string, colName: string): Pick<Matrix, 'rows' | 'cols' | 'grid'> {
  const rows = distinct(cells.map((c) => c.params[rowName]!));
  const cols = distinct(cells.map((c) => c.params[colName]!));
  const index = (values: ParamValue[], v: ParamValue) => values.findIndex((x) => compareParamValues(x, v) === 0);
  const g = rows.map(() => cols.map((): string[] => []));
  for (const c of cells) g[index(rows, c.params[rowName]!)]![index(cols, c.params[colName]!)]!.push(c.id);
  return { rows: { param: rowName, values: rows }, cols: { param: colName, values: cols }, grid: g };
}

import type { MetricStats, Role, ServingBenchmark } from '../records.js';
import { ASYMPTOTIC_MIN_N, bootstrapCIs, DEFAULT_RESAMPLES, type BootstrapResult } from '../stats/bootstrap.js';
import { detectColdStart, type ColdStart } from '../stats/cold-start.js';
import { compare, resolvePair, type CompareResult } from '../stats/compare.js';
import { splitRuns } from './runs.js';
import { buildMatrix, type Matrix } from '../stats/matrix.js';
import { groupSweeps } from '../stats/sweeps.js';
import { modifiedZOutliers } from '../stats/outliers.js';
import { isTailAnomalous, tailRecheck, tailSummary } from '../stats/tail.js';
import { cannotTell, decideTarget, type Target, type TargetDecision } from './target.js';

export type { BootstrapResult, CompareResult };

/** Statistics without the samples (ms). */
export type Stats = Omit<MetricStats, 'samples'>;

export interface BenchInput {
  id: string;
  role: Role;
  record: ServingBenchmark;
}

export interface FormalAnalysis {
  id: string;
  /** The record, for what the documents show as stated (TTFT/TPOT/ITL tables, failures). */
  record: ServingBenchmark;
  /** Whether the run has end-to-end latency (the phase table, CIs, outliers are about it). */
  hasE2el: boolean;
  params: ServingBenchmark['params'];
  e2el: Stats;
  /** Empirical distribution of the per-request latencies: sorted (ms) with the share of requests at or below each. */
  cdf: { latencyMs: number; share: number }[];
  requests: ServingBenchmark['requests'];
  durationS?: number;
  requestsPerS: number;
  phases: { name: string; concurrency: number; requests: number; e2el?: Stats; requestsPerS?: number }[];
  /** Only with per-request samples: without them there is nothing to resample. */
  ci?: { mean: BootstrapResult; median: BootstrapResult; p95: BootstrapResult };
  /** How the intervals are computed: bootstrap resamples, or (from this many samples on) asymptotic. */
  ciResamples: number;
  ciAsymptoticN?: number;
  coldStart?: { coldStart: ColdStart; steady: Stats };
  /** Slow or fast outliers, judged within each phase: phase label ('' for the whole run), request index, value (ms). */
  outliers: { phase: string; index: number; valueMs: number }[];
  tailAnomalous: boolean;
  /** Time to first token as a share of end-to-end latency (mean over mean), when the run states both. */
  ttftSharePct?: number;
  /** Matrix best cell whose parameters differ from this run's (the formal run does not use the best configuration). */
  differsFromBest?: { bestId: string; differences: { param: string; formal: unknown; best: unknown }[] };
}

export interface TailcheckAnalysis {
  id: string;
  params: ServingBenchmark['params'];
  e2el: Stats;
  /** p95 / p50 (null when p50 is not positive). */
  tailRatio: number | null;
  of?: { id: string; params: ServingBenchmark['params']; e2el: Stats; tailRatio: number | null };
  reproduced?: boolean;
  reason?: string;
}

export interface ComparisonAnalysis {
  metric: string;
  baselineId: string;
  candidateId: string;
  direction: 'lower-is-better' | 'higher-is-better';
  result?: CompareResult;
  /** The profile's target and its decision (absent without a profile target). */
  target?: Target & { profile: string; decision: TargetDecision };
  /** Why there is no result (the metric is missing from a record). */
  problem?: string;
  /** e2el statistics of both sides, for the chart. */
  baselineE2el?: Stats;
  candidateE2el?: Stats;
}

export type MatrixAnalysis = Matrix & { records: Record<string, ServingBenchmark> };

export interface BenchmarkAnalysis {
  /** Analysis id -> manifest entry id, for the runs of a several-run file (`<entry id>:<line>`). */
  entryOf: Record<string, string>;
  /** Every sweep of the matrix role (runs naming the same parameters), each its own matrix. */
  matrices: MatrixAnalysis[];
  /** The largest sweep (the first of the largest): what the summary and the chart show. */
  matrix?: MatrixAnalysis;
  formal: FormalAnalysis[];
  tailcheck: TailcheckAnalysis[];
  comparison: ComparisonAnalysis[];
  /**
   * Every run (each run of a several-run file, not only its last), whatever its role, that
   * states when it started and how long it took: load the GPU samples may have caught.
   */
  wallClock: { id: string; startedAt: string; durationS: number }[];
}

/**
 * A file holding several runs (older vLLM results, one per line) counts each run as a benchmark
 * of its own, `<entry id>:<line>`: a sweep kept in one file becomes a matrix, and no run is dropped.
 */
function eachRun(b: BenchInput): BenchInput[] {
  return splitRuns(b.record).map(({ line, record }) => (line === undefined ? b : { id: `${b.id}:${line}`, role: b.role, record }));
}

function stats(s: MetricStats): Stats {
  const { samples: _samples, ...rest } = s;
  return rest;
}

/** Same parameters on every key both name. */
function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const shared = Object.keys(a).filter((k) => k in b);
  return shared.length > 0 && shared.every((k) => a[k] === b[k]);
}

export function analyseBenchmarks(files: BenchInput[], goal?: Target & { profile: string }): BenchmarkAnalysis {
  const benches: BenchInput[] = [];
  const entryOf: Record<string, string> = {};
  for (const f of files) {
    for (const b of eachRun(f)) {
      benches.push(b);
      entryOf[b.id] = f.id;
    }
  }
  // A run without end-to-end latency (vLLM's defaults state ttft/tpot/itl only) or where every
  // request failed is still shown; only the rules about e2el (tail re-check, comparison) need it.
  const all = (role: Role) => benches.filter((b) => b.role === role);
  const of = (role: Role) => all(role).filter((b) => b.record.latency.e2el);
  const wallClock = benches.flatMap(({ id, record: r }) => (r.startedAt !== undefined && r.durationS !== undefined ? [{ id, startedAt: r.startedAt, durationS: r.durationS }] : []));
  const out: BenchmarkAnalysis = { entryOf, matrices: [], formal: [], tailcheck: [], comparison: [], wallClock };

  const matrixRuns = all('benchmark.matrix');
  out.matrices = groupSweeps(matrixRuns, (b) => b.record.params).map((runs) => ({
    ...buildMatrix(runs.map((b) => ({ id: b.id, params: b.record.params, e2el: b.record.latency.e2el ?? {}, requestsPerS: b.record.throughput.requestsPerS }))),
    records: Object.fromEntries(runs.map((b) => [b.id, b.record])),
  }));
  if (out.matrices.length) out.matrix = out.matrices.reduce((best, m) => (m.cells.length > best.cells.length ? m : best));
  const best = out.matrix?.best ? matrixRuns.find((b) => b.id === out.matrix!.best) : undefined;

  const formal = all('benchmark.formal');
  out.formal = formal.map(({ id, record }) => {
    const e2el = record.latency.e2el ?? {};
    const samples = e2el.samples ?? [];
    const ci = samples.length ? bootstrapCIs(samples, ['mean', 'median', 'p95']) : undefined;
    // Phases (e.g. sequential, then concurrency 4) have different latency levels: cold start
    // is judged within the first phase and outliers within each phase, never across them.
    const groups = record.phases?.length && record.phases.every((p) => p.e2el?.samples?.length)
      ? record.phases.map((p) => ({ label: p.name, samples: p.e2el!.samples! }))
      : [{ label: '', samples }];
    const cold = groups[0]!.samples.length ? detectColdStart(groups[0]!.samples) : undefined;
    const ttft = record.latency.ttft;
    // Only the parameters the matrix varies are its configuration (concurrency etc. are the load, not the config).
    const differences = best ? out.matrix!.varying.filter((k) => k in record.params && record.params[k] !== best.record.params[k]) : [];
    return {
      id,
      record,
      hasE2el: record.latency.e2el !== undefined,
      params: record.params,
      e2el: stats(e2el),
      cdf: samples
        .slice()
        .sort((a, b) => a - b)
        .map((latencyMs, i) => ({ latencyMs, share: (i + 1) / samples.length })),
      requests: record.requests,
      ...(record.durationS !== undefined ? { durationS: record.durationS } : {}),
      requestsPerS: record.throughput.requestsPerS,
      phases: (record.phases ?? []).map((p) => ({
        name: p.name,
        concurrency: p.concurrency,
        requests: p.requests,
        ...(p.e2el ? { e2el: stats(p.e2el) } : {}),
        ...(p.requestsPerS !== undefined ? { requestsPerS: p.requestsPerS } : {}),
      })),
      ...(ci ? { ci: { mean: ci.mean, median: ci.median, p95: ci.p95 } } : {}),
      ciResamples: DEFAULT_RESAMPLES,
      ...(samples.length >= ASYMPTOTIC_MIN_N ? { ciAsymptoticN: ASYMPTOTIC_MIN_N } : {}),
      ...(cold?.coldStart && cold.steady ? { coldStart: { coldStart: cold.coldStart, steady: cold.steady } } : {}),
      outliers: groups.flatMap((g) => modifiedZOutliers(g.samples).outliers.map((o) => ({ phase: g.label, index: o.index, valueMs: o.value }))),
      tailAnomalous: isTailAnomalous(e2el),
      ...(ttft?.mean !== undefined && e2el.mean !== undefined && e2el.mean > 0 ? { ttftSharePct: (100 * ttft.mean) / e2el.mean } : {}),
      ...(best && differences.length
        ? { differsFromBest: { bestId: best.id, differences: differences.map((param) => ({ param, formal: record.params[param], best: best.record.params[param] })) } }
        : {}),
    };
  });

  const flagged = [
    ...out.matrices.flatMap((m) => m.cells.filter((c) => c.tail.anomalous).map((c) => ({ id: c.id, params: m.records[c.id]!.params, e2el: c.e2el }))),
    ...of('benchmark.formal').filter((b) => isTailAnomalous(b.record.latency.e2el!)).map((b) => ({ id: b.id, params: b.record.params, e2el: stats(b.record.latency.e2el!) })),
  ];
  out.tailcheck = of('benchmark.tailcheck').map(({ id, record }) => {
    const e2el = record.latency.e2el!;
    const target = flagged.find((f) => sameParams(f.params, record.params));
    const verdict = target ? tailRecheck(target.e2el, e2el, { flagged: target.params, recheck: record.params }) : undefined;
    return {
      id,
      params: record.params,
      e2el: stats(e2el),
      tailRatio: tailSummary(e2el).ratio,
      ...(target && verdict ? { of: { ...target, tailRatio: tailSummary(target.e2el).ratio }, reproduced: verdict.reproduced, reason: verdict.reason } : {}),
    };
  });

  const baselines = of('benchmark.baseline');
  const candidates = of('benchmark.candidate');
  out.comparison = candidates.flatMap((c) => {
    const b = baselines.find((x) => sameParams(x.record.params, c.record.params)) ?? baselines[0];
    if (!b) return [];
    return [comparison(b, c, goal)];
  });
  return out;
}

function comparison(b: BenchInput, c: BenchInput, goal?: Target & { profile: string }): ComparisonAnalysis {
  const metric = goal?.metric ?? 'e2el.mean';
  const base = { metric, baselineId: b.id, candidateId: c.id, ...(b.record.latency.e2el ? { baselineE2el: stats(b.record.latency.e2el) } : {}), ...(c.record.latency.e2el ? { candidateE2el: stats(c.record.latency.e2el) } : {}) };
  let rb, rc;
  try {
    [rb, rc] = resolvePair(b.record, c.record, metric, { baseline: `baseline ${b.id}`, candidate: `candidate ${c.id}` });
  } catch (e) {
    const problem = (e as Error).message;
    return { ...base, direction: 'lower-is-better', problem, ...(goal ? { target: { ...goal, decision: cannotTell(problem) } } : {}) };
  }
  let result: CompareResult;
  try {
    result = compare(rb, rc, { metric, direction: rb.direction, ...(goal ? { targetPct: goal.improvementPct } : {}) });
  } catch (e) {
    const problem = (e as Error).message;
    return { ...base, direction: rb.direction, problem, ...(goal ? { target: { ...goal, decision: cannotTell(problem) } } : {}) };
  }
  return { ...base, direction: rb.direction, result, ...(goal ? { target: { ...goal, decision: decideTarget(result, goal) } } : {}) };
}

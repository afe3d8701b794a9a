import type { BenchmarkAnalysis, BootstrapResult, CompareResult, MatrixAnalysis, Stats } from '../analysis/benchmarks.js';
import type { TargetDecision } from '../analysis/target.js';
import { inlineText } from './escape.js';
import { fixed, seconds, signedPct } from './format.js';
import type { EntryView } from './view-model.js';
import { servingView, type ErrorLog, type ServingView } from './view-serving.js';

/** Latency statistics as the documents show them: seconds, 3 decimals. */
export interface StatsView {
  /** '-' when the file states no count. */
  n: number | '-';
  mean: string;
  median: string;
  std: string;
  p50: string;
  p90: string;
  p95: string;
  p99: string;
  min: string;
  max: string;
}

export interface CiView {
  estimate: string;
  lo?: string;
  hi?: string;
  /** Why there is no interval (too few samples). */
  insufficient?: string;
}

export interface BenchmarkViews {
  /** Every sweep of the matrix role (runs naming the same parameters), each its own table. */
  matrices?: (NonNullable<BenchmarkViews['matrix']> & { sweep?: { index: number; varying: string } })[];
  /** The largest sweep: what the summary and the chart show. */
  matrix?: {
    rowParam?: string;
    colParam?: string;
    cols?: string[];
    rows?: { value: string; cells: string[] }[];
    fixedParams: string;
    cells: {
      entry: EntryView;
      params: string;
      stats: StatsView;
      requestsPerS: string;
      best: boolean;
      anomalous: boolean;
      tailRatio: string;
      coldStartS?: string;
      outliers: string;
      /** TTFT mean (ms) and output tok/s where the run states them, `-` otherwise. */
      ttftMeanMs: string;
      outputTokensPerS: string;
      allFailed: boolean;
    }[];
    best?: { params: string; requestsPerS: string; meanS: string; p95S: string };
    anomalies: { params: string; p50S: string; p95S: string; ratio: string; coldStartS?: string; coldStartRatio?: string }[];
  };
  formal?: (ServingView & {
    entry: EntryView;
    /** Whether the run has end-to-end latency (the phase table, CIs, outliers are about it). */
    hasE2el: boolean;
    stats: StatsView;
    requests: { total: number; succeeded: number; failed: number };
    durationS?: string;
    requestsPerS: string;
    params: string;
    phases: { name: string; concurrency: number; requests: number; stats?: StatsView; requestsPerS?: string }[];
    /** Only with per-request samples: without them there is nothing to resample. */
    ci?: { mean: CiView; median: CiView; p95: CiView };
    /** How the intervals were computed: bootstrap resamples, or (from this many samples on) asymptotic. */
    ciResamples: number;
    ciAsymptoticN?: number;
    coldStart?: { s: string; ratio: string; steady: StatsView };
    outliers: string;
    tailAnomalous: boolean;
    /** The matrix's best configuration differs from this run's: `param: formal vs best` pairs. */
    differsFromBest?: { best: string; differences: string };
  })[];
  tailcheck?: {
    entry: EntryView;
    params: string;
    stats: StatsView;
    /** The run it re-checks (a flagged matrix cell or formal run with the same parameters). */
    of?: { id: string; params: string; p50S: string; p95S: string; ratio: string };
    reproduced?: boolean;
    ratio: string;
    reason?: string;
  }[];
  comparison?: ComparisonView[];
}

export interface ComparisonView {
  metric: string;
  result?: CompareResult;
  /** Baseline and candidate values as shown: seconds for latency, as stated for throughput. */
  baselineText: string;
  candidateText: string;
  /** The profile's target and its decision (analysis/target.ts). */
  goal?: { profile: string; metric: string; improvementPct: number; significant: boolean; targetText: string; met: boolean; cannotTell: boolean; state: TargetDecision['state']; basis: TargetDecision['basis']; reason: string };
  baseline: EntryView;
  candidate: EntryView;
  improvement: string;
  ci95Text?: string;
  pValueText?: string;
  /** Why the comparison has no numbers (a metric the records lack). */
  problem?: string;
}

export function statsView(s: Stats): StatsView {
  return {
    n: s.n ?? '-',
    mean: seconds(s.mean),
    median: seconds(s.median),
    std: seconds(s.std),
    p50: seconds(s.p50),
    p90: seconds(s.p90),
    p95: seconds(s.p95),
    p99: seconds(s.p99),
    min: seconds(s.min),
    max: seconds(s.max),
  };
}

/** `k=v, ...`, escaped for prose and table cells (the templates show it as it is); a parameter the file states as null (e.g. no concurrency limit) shows `-`. */
export function paramsText(params: Record<string, unknown>): string {
  return inlineText(
    Object.entries(params)
      .map(([k, v]) => `${k}=${v === null || v === undefined ? '-' : String(v)}`)
      .join(', '),
  );
}

function ciView(r: BootstrapResult): CiView {
  if ('lo' in r) return { estimate: seconds(r.estimate), lo: seconds(r.lo), hi: seconds(r.hi) };
  return { estimate: r.estimate === null ? '-' : seconds(r.estimate), insufficient: r.reason };
}

function ratioText(ratio: number | null): string {
  return ratio === null ? '-' : fixed(ratio, 2);
}

type MatrixView = NonNullable<BenchmarkViews['matrix']>;

/** One sweep's matrix, as the documents show it. */
function matrixView(m: MatrixAnalysis, entry: (id: string) => EntryView): MatrixView {
  const cellById = new Map(m.cells.map((c) => [c.id, c]));
  const cellText = (id: string) => {
    const c = cellById.get(id)!;
    return `${seconds(c.e2el.mean)} / ${seconds(c.e2el.p95)} / ${fixed(c.requestsPerS, 2)}${c.id === m.best ? ' ★' : ''}${c.anomalous ? ' ⚠' : ''}`;
  };
  const best = m.best ? cellById.get(m.best) : undefined;
  return {
    ...(m.rows && m.cols
      ? {
          rowParam: inlineText(m.rows.param),
          colParam: inlineText(m.cols.param),
          cols: m.cols.values.map(inlineText),
          rows: m.rows.values.map((v, i) => ({ value: inlineText(v), cells: m.grid![i]!.map((ids) => (ids.length ? ids.map(cellText).join('; ') : '-')) })),
        }
      : {}),
    fixedParams: paramsText(m.fixed),
    cells: m.cells.map((c) => {
      const record = m.records[c.id]!;
      return {
        entry: entry(c.id),
        // A sweep of one run varies nothing: its parameters are all it has to show.
        params: paramsText(m.cells.length > 1 ? c.params : record.params) || '-',
        stats: statsView(c.e2el),
        requestsPerS: fixed(c.requestsPerS, 2),
        best: c.id === m.best,
        anomalous: c.anomalous,
        tailRatio: ratioText(c.tail.ratio),
        ...(c.coldStart ? { coldStartS: seconds(c.coldStart.valueMs) } : {}),
        outliers: (c.outliers ?? []).map((o) => `#${o.index} (${seconds(o.value)} s)`).join(', ') || '-',
        ttftMeanMs: fixed(record.latency.ttft?.mean, 2),
        outputTokensPerS: fixed(record.throughput.outputTokensPerS, 2),
        allFailed: servingView(record).allFailed,
      };
    }),
    ...(best ? { best: { params: paramsText(best.params), requestsPerS: fixed(best.requestsPerS, 2), meanS: seconds(best.e2el.mean), p95S: seconds(best.e2el.p95) } } : {}),
    anomalies: m.cells
      .filter((c) => c.anomalous)
      .map((c) => ({
        params: paramsText(c.params),
        p50S: seconds(c.e2el.p50),
        p95S: seconds(c.e2el.p95),
        ratio: ratioText(c.tail.ratio),
        ...(c.coldStart ? { coldStartS: seconds(c.coldStart.valueMs), coldStartRatio: fixed(c.coldStart.ratio, 1) } : {}),
      })),
  };
}

/**
 * Format the benchmark analysis; `entry` turns an entry id into its view, `errorLogs` are the
 * logs of failed requests (an error file), cited next to the run they belong to.
 */
export function benchmarkViews(a: BenchmarkAnalysis, entryById: (id: string) => EntryView, errorLogs: readonly ErrorLog[] = []): BenchmarkViews {
  // A run of a several-run file links to the file it came from.
  const entry = (id: string) => entryById(a.entryOf[id] ?? id);
  const out: BenchmarkViews = {};
  if (a.matrices.length) {
    out.matrices = a.matrices.map((m, i) => ({ ...matrixView(m, entry), ...(a.matrices.length > 1 ? { sweep: { index: i + 1, varying: m.varying.join(', ') || '-' } } : {}) }));
    out.matrix = out.matrices[a.matrices.indexOf(a.matrix!)]!;
  }

  if (a.formal.length) {
    out.formal = a.formal.map((f) => ({
      ...servingView(f.record, entry(f.id), errorLogs),
      entry: entry(f.id),
      hasE2el: f.hasE2el,
      stats: statsView(f.e2el),
      requests: f.requests,
      ...(f.durationS !== undefined ? { durationS: fixed(f.durationS, 2) } : {}),
      requestsPerS: fixed(f.requestsPerS, 2),
      params: paramsText(f.params),
      phases: f.phases.map((p) => ({
        name: p.name,
        concurrency: p.concurrency,
        requests: p.requests,
        ...(p.e2el ? { stats: statsView(p.e2el) } : {}),
        ...(p.requestsPerS !== undefined ? { requestsPerS: fixed(p.requestsPerS, 2) } : {}),
      })),
      ...(f.ci ? { ci: { mean: ciView(f.ci.mean), median: ciView(f.ci.median), p95: ciView(f.ci.p95) } } : {}),
      ciResamples: f.ciResamples,
      ...(f.ciAsymptoticN !== undefined ? { ciAsymptoticN: f.ciAsymptoticN } : {}),
      ...(f.coldStart ? { coldStart: { s: seconds(f.coldStart.coldStart.valueMs), ratio: fixed(f.coldStart.coldStart.ratio, 1), steady: statsView(f.coldStart.steady) } } : {}),
      outliers: f.outliers.map((o) => `${o.phase ? `${o.phase} ` : ''}#${o.index} (${seconds(o.valueMs)} s)`).join(', ') || '-',
      tailAnomalous: f.tailAnomalous,
      ...(f.differsFromBest
        ? { differsFromBest: { best: f.differsFromBest.bestId, differences: f.differsFromBest.differences.map((d) => `${d.param}: ${String(d.formal)} vs ${String(d.best)}`).join(', ') } }
        : {}),
    }));
  }

  if (a.tailcheck.length) {
    out.tailcheck = a.tailcheck.map((t) => ({
      entry: entry(t.id),
      params: paramsText(t.params),
      stats: statsView(t.e2el),
      ratio: ratioText(t.tailRatio),
      ...(t.of
        ? {
            of: { id: t.of.id, params: paramsText(t.of.params), p50S: seconds(t.of.e2el.p50), p95S: seconds(t.of.e2el.p95), ratio: ratioText(t.of.tailRatio) },
            reproduced: t.reproduced!,
            ...(t.reason !== undefined ? { reason: t.reason } : {}),
          }
        : {}),
    }));
  }

  if (a.comparison.length) {
    out.comparison = a.comparison.map((c) => {
      const show = (x: number | undefined) => (x === undefined ? '-' : c.direction === 'lower-is-better' ? `${seconds(x)} s` : fixed(x, 2));
      const r = c.result;
      const t = c.target;
      return {
        metric: c.metric,
        ...(r ? { result: r } : {}),
        baselineText: show(r?.baseline),
        candidateText: show(r?.candidate),
        ...(t
          ? {
              goal: {
                profile: t.profile,
                metric: t.metric,
                improvementPct: t.improvementPct,
                significant: t.significant,
                targetText: signedPct(t.improvementPct),
                met: t.decision.state === 'met',
                cannotTell: t.decision.state === 'cannot-tell',
                state: t.decision.state,
                basis: t.decision.basis,
                reason: t.decision.reason,
              },
            }
          : {}),
        baseline: entry(c.baselineId),
        candidate: entry(c.candidateId),
        improvement: r ? signedPct(r.improvementPct) : '-',
        // Brackets escaped: in Markdown `[a, b]` reads as a reference link (remark-lint no-undefined-references).
        ...(r?.ci95 ? { ci95Text: `\\[${signedPct(r.ci95[0])}, ${signedPct(r.ci95[1])}\\]` } : {}),
        ...(r && r.pValue !== null ? { pValueText: r.pValue < 0.001 ? '< 0.001' : fixed(r.pValue, 3) } : {}),
        ...(c.problem ? { problem: c.problem } : {}),
      };
    });
  }
  return out;
}

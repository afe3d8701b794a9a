import type { MetricStats, Role, ServingBenchmark } from '../records.js';
import { inlineText } from './escape.js';
import { ASYMPTOTIC_MIN_N, bootstrapCIs, DEFAULT_RESAMPLES, isInterval, type BootstrapResult } from '../stats/bootstrap.js';
import { detectColdStart } from '../stats/cold-start.js';
import { compare, resolvePair, type CompareResult } from '../stats/compare.js';
import { buildMatrix, type MatrixCell } from '../stats/matrix.js';
import { groupSweeps } from '../stats/sweeps.js';
import { modifiedZOutliers } from '../stats/outliers.js';
import { isTailAnomalous, tailRecheck } from '../stats/tail.js';
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

/** What a task profile requires of baseline vs candidate (from its `compare` requirement). */
export interface CompareGoal {
  profile: string;
  metric: string;
  improvementPct: number;
  significant: boolean;
}

export interface ComparisonView {
  metric: string;
  result: CompareResult;
  /** Baseline and candidate values as shown: seconds for latency, as stated for throughput. */
  baselineText: string;
  candidateText: string;
  /** The profile's target and whether it is met (improvement reached, and significant when required). */
  goal?: CompareGoal & { targetText: string; met: boolean };
  baseline: EntryView;
  candidate: EntryView;
  improvement: string;
  ci95Text?: string;
  pValueText?: string;
}

type Bench = { entry: EntryView; record: ServingBenchmark; role: Role };

export function statsView(s: Omit<MetricStats, 'samples'>): StatsView {
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
  if (isInterval(r)) return { estimate: seconds(r.estimate), lo: seconds(r.lo), hi: seconds(r.hi) };
  return { estimate: r.estimate === null ? '-' : seconds(r.estimate), insufficient: r.reason };
}

function ratioText(s: { p50?: number; p95?: number }): string {
  return s.p50 !== undefined && s.p95 !== undefined && s.p50 > 0 ? fixed(s.p95 / s.p50, 2) : '-';
}

/** Same parameters on every key both name. */
function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const shared = Object.keys(a).filter((k) => k in b);
  return shared.length > 0 && shared.every((k) => a[k] === b[k]);
}

/** `errorLogs`: logs of failed requests (an error file), cited next to the run they belong to. */
export function benchmarkViews(benches: Bench[], goal?: CompareGoal, errorLogs: readonly ErrorLog[] = []): BenchmarkViews {
  const out: BenchmarkViews = {};
  // A run without end-to-end latency (vLLM's defaults state ttft/tpot/itl only) or where every
  // request failed is still shown; only the rules about e2el (tail re-check, comparison) need it.
  const all = (role: Role) => benches.filter((b) => b.role === role);
  const of = (role: Role) => all(role).filter((b) => b.record.latency.e2el);

  const matrixRuns = all('benchmark.matrix');
  const cells: MatrixCell[] = [];
  if (matrixRuns.length) {
    const sweeps = groupSweeps(matrixRuns, (b) => b.record.params).map((runs, i, list) => {
      const view = matrixView(runs);
      cells.push(...view.cells);
      return { ...view.view, ...(list.length > 1 ? { sweep: { index: i + 1, varying: view.varying.join(', ') || '-' } } : {}) };
    });
    out.matrices = sweeps;
    // The summary and the chart speak of the largest sweep (the first of the largest).
    out.matrix = sweeps.reduce((best, m) => (m.cells.length > best.cells.length ? m : best));
  }

  const formal = all('benchmark.formal');
  if (formal.length) {
    out.formal = formal.map(({ entry, record }) => {
      const e2el = record.latency.e2el ?? {};
      const samples = e2el.samples ?? [];
      const ci = samples.length ? bootstrapCIs(samples, ['mean', 'median', 'p95']) : undefined;
      // Phases (e.g. sequential, then concurrency 4) have different latency levels: cold start
      // is judged within the first phase and outliers within each phase, never across them.
      const groups = record.phases?.length && record.phases.every((p) => p.e2el?.samples?.length)
        ? record.phases.map((p) => ({ label: `${p.name} `, samples: p.e2el!.samples! }))
        : [{ label: '', samples }];
      const cold = groups[0]!.samples.length ? detectColdStart(groups[0]!.samples) : undefined;
      const outliers = groups.flatMap((g) => modifiedZOutliers(g.samples).outliers.map((o) => `${g.label}#${o.index} (${seconds(o.value)} s)`));
      return {
        ...servingView(record, entry, errorLogs),
        entry,
        hasE2el: record.latency.e2el !== undefined,
        stats: statsView(e2el),
        requests: record.requests,
        ...(record.durationS !== undefined ? { durationS: fixed(record.durationS, 2) } : {}),
        requestsPerS: fixed(record.throughput.requestsPerS, 2),
        params: paramsText(record.params),
        phases: (record.phases ?? []).map((p) => ({
          name: p.name,
          concurrency: p.concurrency,
          requests: p.requests,
          ...(p.e2el ? { stats: statsView(p.e2el) } : {}),
          ...(p.requestsPerS !== undefined ? { requestsPerS: fixed(p.requestsPerS, 2) } : {}),
        })),
        ...(ci ? { ci: { mean: ciView(ci.mean), median: ciView(ci.median), p95: ciView(ci.p95) } } : {}),
        ciResamples: DEFAULT_RESAMPLES,
        ...(samples.length >= ASYMPTOTIC_MIN_N ? { ciAsymptoticN: ASYMPTOTIC_MIN_N } : {}),
        ...(cold?.coldStart && cold.steady ? { coldStart: { s: seconds(cold.coldStart.valueMs), ratio: fixed(cold.coldStart.ratio, 1), steady: statsView(cold.steady) } } : {}),
        outliers: outliers.join(', ') || '-',
        tailAnomalous: isTailAnomalous(e2el),
      };
    });
  }

  const rechecks = of('benchmark.tailcheck');
  if (rechecks.length) {
    const flaggedRuns = [
      ...cells.filter((c) => c.tail.anomalous).map((c) => ({ id: c.id, params: matrixRuns.find((b) => b.entry.id === c.id)!.record.params, e2el: c.e2el })),
      ...of('benchmark.formal').filter((b) => isTailAnomalous(b.record.latency.e2el!)).map((b) => ({ id: b.entry.id, params: b.record.params, e2el: b.record.latency.e2el! })),
    ];
    out.tailcheck = rechecks.map(({ entry, record }) => {
      const e2el = record.latency.e2el!;
      const target = flaggedRuns.find((f) => sameParams(f.params, record.params));
      const verdict = target ? tailRecheck(target.e2el, e2el, { flagged: target.params, recheck: record.params }) : undefined;
      return {
        entry,
        params: paramsText(record.params),
        stats: statsView(e2el),
        ratio: ratioText(e2el),
        ...(target && verdict
          ? {
              of: { id: target.id, params: paramsText(target.params), p50S: seconds(target.e2el.p50), p95S: seconds(target.e2el.p95), ratio: ratioText(target.e2el) },
              reproduced: verdict.reproduced,
              reason: verdict.reason,
            }
          : {}),
      };
    });
  }

  const baselines = of('benchmark.baseline');
  const candidates = of('benchmark.candidate');
  if (baselines.length && candidates.length) {
    // A pair that does not both state the metric has no comparison here; `check` names what is missing.
    out.comparison = candidates.flatMap((c) => {
      const b = baselines.find((x) => sameParams(x.record.params, c.record.params)) ?? baselines[0]!;
      const metric = goal?.metric ?? 'e2el.mean';
      let rb, rc;
      try {
        [rb, rc] = resolvePair(b.record, c.record, metric);
      } catch {
        return [];
      }
      const result = compare(rb, rc, { metric, direction: rb.direction, ...(goal ? { targetPct: goal.improvementPct } : {}) });
      const show = (x: number) => (rb.direction === 'lower-is-better' ? `${seconds(x)} s` : fixed(x, 2));
      const met = goal ? result.improvementPct >= goal.improvementPct - 1e-9 && (!goal.significant || result.significant === true) : false;
      return [
        {
          metric,
          result,
          baselineText: show(result.baseline),
          candidateText: show(result.candidate),
          ...(goal ? { goal: { ...goal, targetText: signedPct(goal.improvementPct), met } } : {}),
          baseline: b.entry,
          candidate: c.entry,
          improvement: signedPct(result.improvementPct),
          // Brackets escaped: in Markdown `[a, b]` reads as a reference link (remark-lint no-undefined-references).
          ...(result.ci95 ? { ci95Text: `\\[${signedPct(result.ci95[0])}, ${signedPct(result.ci95[1])}\\]` } : {}),
          ...(result.pValue !== null ? { pValueText: result.pValue < 0.001 ? '< 0.001' : fixed(result.pValue, 3) } : {}),
        },
      ];
    });
  }
  return out;
}

type MatrixView = NonNullable<BenchmarkViews['matrix']>;

/** One sweep's matrix, as the documents show it. */
function matrixView(matrixRuns: Bench[]): { view: MatrixView; cells: MatrixCell[]; varying: string[] } {
  const m = buildMatrix(
    matrixRuns.map((b) => ({ id: b.entry.id, params: b.record.params, e2el: b.record.latency.e2el ?? {}, requestsPerS: b.record.throughput.requestsPerS })),
  );
  const byId = new Map(matrixRuns.map((b) => [b.entry.id, b]));
  const cellById = new Map(m.cells.map((c) => [c.id, c]));
  const cellText = (id: string) => {
    const c = cellById.get(id)!;
    return `${seconds(c.e2el.mean)} / ${seconds(c.e2el.p95)} / ${fixed(c.requestsPerS, 2)}${c.id === m.best ? ' ★' : ''}${c.anomalous ? ' ⚠' : ''}`;
  };
  const best = m.best ? cellById.get(m.best) : undefined;
  const view: MatrixView = {
    ...(m.rows && m.cols
      ? {
          rowParam: inlineText(m.rows.param),
          colParam: inlineText(m.cols.param),
          cols: m.cols.values.map(inlineText),
          rows: m.rows.values.map((v, i) => ({ value: inlineText(v), cells: m.grid![i]!.map((ids) => (ids.length ? ids.map(cellText).join('; ') : '-')) })),
        }
      : {}),
    fixedParams: paramsText(m.fixed),
    cells: m.cells.map((c) => ({
      entry: byId.get(c.id)!.entry,
      // A sweep of one run varies nothing: its parameters are all it has to show.
      params: paramsText(m.cells.length > 1 ? c.params : byId.get(c.id)!.record.params) || '-',
      stats: statsView(c.e2el),
      requestsPerS: fixed(c.requestsPerS, 2),
      best: c.id === m.best,
      anomalous: c.anomalous,
      tailRatio: ratioText(c.e2el),
      ...(c.coldStart ? { coldStartS: seconds(c.coldStart.valueMs) } : {}),
      outliers: (c.outliers ?? []).map((o) => `#${o.index} (${seconds(o.value)} s)`).join(', ') || '-',
      ttftMeanMs: fixed(byId.get(c.id)!.record.latency.ttft?.mean, 2),
      outputTokensPerS: fixed(byId.get(c.id)!.record.throughput.outputTokensPerS, 2),
      allFailed: servingView(byId.get(c.id)!.record).allFailed,
    })),
    ...(best ? { best: { params: paramsText(best.params), requestsPerS: fixed(best.requestsPerS, 2), meanS: seconds(best.e2el.mean), p95S: seconds(best.e2el.p95) } } : {}),
    anomalies: m.cells
      .filter((c) => c.anomalous)
      .map((c) => ({
        params: paramsText(c.params),
        p50S: seconds(c.e2el.p50),
        p95S: seconds(c.e2el.p95),
        ratio: ratioText(c.e2el),
        ...(c.coldStart ? { coldStartS: seconds(c.coldStart.valueMs), coldStartRatio: fixed(c.coldStart.ratio, 1) } : {}),
      })),
  };
  return { view, cells: m.cells, varying: m.varying };
}

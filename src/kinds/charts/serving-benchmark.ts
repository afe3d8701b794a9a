import type { AssetLink } from '../../render/assets.js';
import { fixed, seconds } from '../../render/format.js';
import { CONFIG, COLORS, fileSlug, round, signed, type ChartSpec, type KindCharts } from '../../render/charts/specs.js';
import type { ChartLang } from '../../render/charts/labels.js';

declare module '../../render/assets.js' {
  interface AssetLinks {
    /** The benchmark matrix: throughput and P95 per configuration. */
    matrix?: AssetLink;
  }
}

interface Words {
  latencyTitle: string;
  latencyAxis: string;
  share: string;
  latencyAlt: (n: number, p50: string, p95: string) => string;
  matrixThroughput: string;
  matrixP95: string;
  matrixTitle: string;
  best: string;
  anomalous: string;
  normal: string;
  matrixAlt: (cells: number, best?: string) => string;
  statistic: string;
  run: string;
  baseline: string;
  candidate: string;
  comparisonTitle: (metric: string, improvement: string) => string;
  comparisonAlt: (metric: string, improvement: string) => string;
  mean: string;
}

const WORDS: Record<ChartLang, Words> = {
  zh: {
    latencyTitle: '端到端延迟累积分布',
    latencyAxis: '端到端延迟 (s)',
    share: '请求占比',
    latencyAlt: (n, p50, p95) => `正式 benchmark 端到端延迟累积分布图：${n} 个请求，P50 ${p50} s，P95 ${p95} s`,
    matrixThroughput: '吞吐 (req/s)',
    matrixP95: 'P95 延迟 (s)',
    matrixTitle: 'benchmark 矩阵：各配置的吞吐与 P95 延迟',
    best: '最佳',
    anomalous: '异常',
    normal: '其他',
    matrixAlt: (cells, best) => `benchmark 矩阵各配置的吞吐与 P95 延迟柱状图：${cells} 个配置${best ? `，最佳配置 ${best}` : ''}`,
    statistic: '统计量',
    run: '运行',
    baseline: '基线',
    candidate: '优化后',
    comparisonTitle: (metric, imp) => `基线与优化后延迟对比（${metric} 改善 ${imp}）`,
    comparisonAlt: (metric, imp) => `基线与优化后的延迟统计量对比柱状图：${metric} 改善 ${imp}`,
    mean: '平均',
  },
  en: {
    latencyTitle: 'End-to-end latency, cumulative distribution',
    latencyAxis: 'End-to-end latency (s)',
    share: 'Share of requests',
    latencyAlt: (n, p50, p95) => `Cumulative distribution of end-to-end latency in the formal benchmark: ${n} requests, P50 ${p50} s, P95 ${p95} s`,
    matrixThroughput: 'Throughput (req/s)',
    matrixP95: 'P95 latency (s)',
    matrixTitle: 'Benchmark matrix: throughput and P95 latency per configuration',
    best: 'best',
    anomalous: 'anomalous',
    normal: 'other',
    matrixAlt: (cells, best) => `Bar charts of throughput and P95 latency for each benchmark matrix configuration: ${cells} configurations${best ? `, best ${best}` : ''}`,
    statistic: 'Statistic',
    run: 'Run',
    baseline: 'baseline',
    candidate: 'candidate',
    comparisonTitle: (metric, imp) => `Baseline vs candidate latency (${metric} improvement ${imp})`,
    comparisonAlt: (metric, imp) => `Bar chart comparing latency statistics of the baseline and the candidate: ${metric} improvement ${imp}`,
    mean: 'mean',
  },
};

/** The matrix (one chart of many runs), each formal run's latency distribution, each baseline/candidate comparison. */
export const charts: KindCharts = {
  draw(view, analysis) {
    const w = WORDS[view.lang];
    const out: ChartSpec[] = [];
    const b = analysis.benchmarks;

    if (b.matrix && b.matrix.cells.length) {
      const label = (params: Record<string, unknown>) => Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
      // A run whose file states no e2el p95 has no point on this chart (its table row shows '-').
      const values = b.matrix.cells.flatMap((c) =>
        c.e2el.p95 === undefined
          ? []
          : [{ config: label(c.params) || c.id, throughput: round(c.requestsPerS, 4), p95: round(c.e2el.p95 / 1000, 4), status: c.id === b.matrix!.best ? w.best : c.anomalous ? w.anomalous : w.normal }],
      );
      const best = b.matrix.cells.find((c) => c.id === b.matrix!.best);
      if (values.length) out.push({ slot: 'matrix', file: 'matrix.svg', alt: w.matrixAlt(values.length, best ? label(best.params) || best.id : undefined), spec: matrixSpec(values, w) });
    }

    for (const f of b.formal) {
      if (f.cdf.length < 2 || f.e2el.p50 === undefined || f.e2el.p95 === undefined) continue;
      out.push({ entryId: f.id, file: `latency-${fileSlug(f.id)}.svg`, alt: w.latencyAlt(f.cdf.length, seconds(f.e2el.p50), seconds(f.e2el.p95)), spec: latencySpec(f.cdf, { p50: f.e2el.p50, p95: f.e2el.p95 }, w) });
    }

    for (const c of b.comparison) {
      const base = c.baselineE2el;
      const cand = c.candidateE2el;
      if (!base || !cand || !c.result) continue;
      const stat = (x: typeof base, run: string) =>
        (['mean', 'p50', 'p95', 'p99'] as const)
          .filter((k) => base[k] !== undefined && cand[k] !== undefined)
          .map((k) => ({ statistic: k === 'mean' ? w.mean : k.toUpperCase(), run, seconds: round(x[k]! / 1000, 4) }));
      const improvement = signed(c.result.improvementPct);
      out.push({
        entryId: c.candidateId,
        file: `comparison-${fileSlug(c.candidateId)}.svg`,
        alt: w.comparisonAlt(c.metric, improvement),
        spec: comparisonSpec([...stat(base, w.baseline), ...stat(cand, w.candidate)], w.comparisonTitle(c.metric, improvement), w),
      });
    }
    return out;
  },
};

function latencySpec(points: { latencyMs: number; share: number }[], e2el: { p50: number; p95: number }, w: Words): Record<string, unknown> {
  const cdf = points.map((p) => ({ latency: round(p.latencyMs / 1000, 4), share: round(p.share, 6) }));
  const marks = [
    { label: `P50 ${seconds(e2el.p50)} s`, latency: round(e2el.p50 / 1000, 4), color: COLORS.p50, y: 0.08 },
    { label: `P95 ${seconds(e2el.p95)} s`, latency: round(e2el.p95 / 1000, 4), color: COLORS.p95, y: 0.16 },
  ];
  return {
    config: CONFIG,
    title: w.latencyTitle,
    width: 560,
    height: 280,
    layer: [
      {
        data: { values: cdf },
        mark: { type: 'line', interpolate: 'step-after', color: COLORS.main, point: { size: 16 } },
        encoding: {
          x: { field: 'latency', type: 'quantitative', title: w.latencyAxis, scale: { zero: false, nice: true } },
          y: { field: 'share', type: 'quantitative', title: w.share, axis: { format: '.0%' }, scale: { domain: [0, 1] } },
        },
      },
      {
        data: { values: marks },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { x: { field: 'latency', type: 'quantitative' }, color: { field: 'color', type: 'nominal', scale: null } } },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
            encoding: { x: { field: 'latency', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' }, color: { field: 'color', type: 'nominal', scale: null } },
          },
        ],
      },
    ],
  };
}

function matrixSpec(values: { config: string; throughput: number; p95: number; status: string }[], w: Words): Record<string, unknown> {
  const color = { field: 'status', type: 'nominal', title: null, scale: { domain: [w.best, w.anomalous, w.normal], range: [COLORS.best, COLORS.anomalous, COLORS.main] } };
  // The second panel shares the first one's rows, so it does not repeat their labels.
  const panel = (field: string, title: string, digits: number, labels: boolean) => {
    const y = { field: 'config', type: 'nominal', title: null, sort: null, ...(labels ? {} : { axis: null }) };
    return {
      width: 260,
      height: { step: 24 },
      layer: [
        { mark: { type: 'bar' }, encoding: { y, x: { field, type: 'quantitative', title }, color } },
        { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { y, x: { field, type: 'quantitative' }, text: { field, type: 'quantitative', format: `.${digits}f` } } },
      ],
    };
  };
  return { config: CONFIG, title: w.matrixTitle, data: { values }, hconcat: [panel('throughput', w.matrixThroughput, 2, true), panel('p95', w.matrixP95, 3, false)], resolve: { scale: { y: 'shared' } } };
}

function comparisonSpec(values: { statistic: string; run: string; seconds: number }[], title: string, w: Words): Record<string, unknown> {
  return {
    config: CONFIG,
    title,
    data: { values },
    width: 400,
    height: 240,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'statistic', type: 'nominal', title: w.statistic, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'run', type: 'nominal', sort: null },
      y: { field: 'seconds', type: 'quantitative', title: w.latencyAxis },
      color: { field: 'run', type: 'nominal', title: w.run, sort: null, scale: { range: [COLORS.main, COLORS.candidate] } },
    },
  };
}

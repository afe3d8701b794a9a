import type { Analysis } from '../../analysis/index.js';
import type { SchedulingPoint } from '../../records.js';
import { fixed, seconds } from '../format.js';
import type { View } from '../view-model.js';
import { CHART_WORDS, type ChartWords } from './labels.js';

/** A chart to draw: a Vega-Lite spec, the file it goes to and the words that describe it. */
export interface ChartSpec {
  /** The manifest entry the chart depicts; absent for a chart of many (`slot` names it). */
  entryId?: string;
  slot?: 'matrix' | 'scheduling';
  /** File name under `<evidenceDir>/charts/`. */
  file: string;
  alt: string;
  spec: Record<string, unknown>;
}

const KERNELS_SHOWN = 10;
const KERNEL_NAME_CHARS = 60;

/**
 * Fixed look for every chart: explicit sizes, the generic `sans-serif` family (no web fonts),
 * a white background so the charts read on GitHub's dark theme too.
 */
const CONFIG = {
  background: 'white',
  font: 'sans-serif',
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 360 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
};

const COLORS = { main: '#4c78a8', best: '#54a24b', anomalous: '#e45756', p50: '#54a24b', p95: '#e45756', candidate: '#f58518', window: '#fde9b8' };

/**
 * Every chart the analysis supports, in a stable order, drawn from the analysis' numbers (the
 * view only gives the language and the formatted numbers of the alt texts). A chart whose data
 * is missing (no samples, no series, no kernels) is not produced at all.
 */
export function chartSpecs(view: View, analysis: Analysis): ChartSpec[] {
  const w = CHART_WORDS[view.lang];
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

  for (const g of analysis.gpu) {
    if (g.series.length < 2) continue;
    const names = new Map(g.record.devices.map((d) => [d.index, d.name ? `${d.index}: ${d.name}` : `GPU ${d.index}`]));
    const values = g.series.map((p) => ({
      t: round(p.tS, 3),
      device: names.get(p.device) ?? `GPU ${p.device}`,
      util: p.utilPct,
      utilMin: p.min?.utilPct ?? p.utilPct,
      utilMax: p.max?.utilPct ?? p.utilPct,
      ...((p.max?.memUsedMiB ?? p.memUsedMiB) !== undefined ? { mem: p.max?.memUsedMiB ?? p.memUsedMiB } : {}),
    }));
    const bucketed = g.series.some((p) => p.n !== undefined);
    const windows = g.windows.map((x) => ({ start: round(x.startS, 3), end: round(x.endS, 3) }));
    const spec = gpuSpec(values, windows, new Set(values.map((v) => v.device)).size > 1, bucketed, g.record.memory.peakUsedMiB !== undefined, g.record.memory.totalMiB, w);
    const inLoad = g.inLoad ? fixed(g.inLoad.avgUtilPct, 1) : undefined;
    out.push({
      entryId: g.id,
      file: `gpu-${fileSlug(g.id)}.svg`,
      alt: w.gpuAlt(g.record.samples, fixed(g.record.utilization.avgPct, 1), fixed(g.record.utilization.maxPct, 0), g.record.memory.peakUsedMiB ?? '-', windows.length, inLoad, bucketed),
      spec,
    });
  }

  for (const k of analysis.kernels) {
    const top = k.top.slice(0, KERNELS_SHOWN);
    if (!top.length) continue;
    const values = top.map((x) => ({ rank: x.rank, kernel: `${x.rank}. ${shorten(x.name, KERNEL_NAME_CHARS)}`, pct: round(x.sharePct, 2) }));
    const categories = k.categories.map((c, i) => ({ rank: i + 1, category: w.category(c.category), pct: round(c.sharePct, 2) }));
    out.push({
      entryId: k.id,
      file: `kernels-${fileSlug(k.id)}.svg`,
      alt: w.kernelsAlt(top.length, shorten(top[0]!.name, KERNEL_NAME_CHARS), fixed(top[0]!.sharePct, 2), k.topCategory ? w.category(k.topCategory.category) : undefined, k.topCategory ? fixed(k.topCategory.sharePct, 2) : undefined),
      spec: kernelsSpec(values, categories, w),
    });
  }

  const s = analysis.scheduling;
  if (s && s.series.length >= 2) {
    out.push({
      slot: 'scheduling',
      file: 'scheduling.svg',
      alt: w.schedulingAlt(s.prefillLines + s.decodeLines, s.running?.peak, s.maxNumSeqs?.value, s.queue ? fixed(s.queue.sharePct, 1) : undefined, s.kv.peakUsagePct !== undefined ? fixed(s.kv.peakUsagePct, 2) : undefined),
      spec: schedulingSpec(s.series, s.maxNumSeqs?.value, w),
    });
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
  return uniqueFiles(out);
}

function signed(x: number): string {
  const s = fixed(x, 1);
  return x > 0 && s !== fixed(0, 1) ? `+${s}%` : `${s}%`;
}

/** Two entry ids can flatten to the same file name (`a/b`, `a-b`): number the later ones. */
function uniqueFiles(charts: ChartSpec[]): ChartSpec[] {
  const seen = new Set<string>();
  return charts.map((c) => {
    let file = c.file;
    for (let i = 2; seen.has(file); i++) file = c.file.replace(/\.svg$/, `-${i}.svg`);
    seen.add(file);
    return { ...c, file };
  });
}

function latencySpec(points: { latencyMs: number; share: number }[], e2el: { p50: number; p95: number }, w: ChartWords): Record<string, unknown> {
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

function matrixSpec(values: { config: string; throughput: number; p95: number; status: string }[], w: ChartWords): Record<string, unknown> {
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

function gpuSpec(
  values: { t: number; device: string; util: number; utilMin: number; utilMax: number; mem?: number }[],
  windows: { start: number; end: number }[],
  multi: boolean,
  bucketed: boolean,
  /** Whether the samples have memory (a second panel). */
  memory: boolean,
  totalMiB: number | undefined,
  w: ChartWords,
): Record<string, unknown> {
  const x = { field: 't', type: 'quantitative', title: w.timeAxis };
  const color = multi ? { color: { field: 'device', type: 'nominal', title: w.device } } : {};
  const line = { type: 'line', strokeWidth: 1.5, ...(multi ? {} : { color: COLORS.main }) };
  // Load windows shaded behind both panels; a bucketed series draws its min-max band, so peaks show.
  const shade = windows.length ? [{ data: { values: windows }, mark: { type: 'rect', color: COLORS.window, opacity: 0.35 }, encoding: { x: { field: 'start', type: 'quantitative' }, x2: { field: 'end' } } }] : [];
  const band = bucketed ? [{ mark: { type: 'area', opacity: 0.3, ...(multi ? {} : { color: COLORS.main }) }, encoding: { x, y: { field: 'utilMin', type: 'quantitative' }, y2: { field: 'utilMax' }, ...color } }] : [];
  const panel = (y: Record<string, unknown>, layers: Record<string, unknown>[]) => ({ width: 560, height: 160, layer: [...shade, ...layers, { mark: line, encoding: { x, y, ...color } }] });
  return {
    config: CONFIG,
    title: w.gpuTitle,
    data: { values },
    vconcat: [
      panel({ field: bucketed ? 'utilMax' : 'util', type: 'quantitative', title: w.utilAxis, scale: { domain: [0, 100] } }, band),
      ...(memory ? [panel({ field: 'mem', type: 'quantitative', title: w.memAxis, scale: totalMiB ? { domain: [0, totalMiB] } : { zero: false } }, [])] : []),
    ],
  };
}

function schedulingSpec(series: SchedulingPoint[], maxNumSeqs: number | undefined, w: ChartWords): Record<string, unknown> {
  const points = series.map((p) => ({ t: round(p.tS, 3), running: p.max?.running ?? p.running, queued: p.max?.queued ?? p.queued, usage: p.max?.usagePct ?? p.usagePct ?? null }));
  const long = points.flatMap((p) => [
    { t: p.t, series: w.running, value: p.running },
    { t: p.t, series: w.queued, value: p.queued },
  ]);
  const x = { field: 't', type: 'quantitative', title: w.timeAxis };
  const rule = maxNumSeqs !== undefined ? [{ data: { values: [{ y: maxNumSeqs, label: `max_num_seqs = ${maxNumSeqs}` }] }, layer: [
    { mark: { type: 'rule', strokeDash: [4, 3], color: COLORS.anomalous }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    { mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 11, color: COLORS.anomalous }, encoding: { y: { field: 'y', type: 'quantitative' }, x: { datum: 0 }, text: { field: 'label' } } },
  ] }] : [];
  const hasUsage = points.some((p) => p.usage !== null);
  return {
    config: CONFIG,
    title: w.schedulingTitle,
    vconcat: [
      {
        width: 560,
        height: 160,
        layer: [
          { data: { values: long }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: w.requestsAxis }, color: { field: 'series', type: 'nominal', title: null, scale: { range: [COLORS.main, COLORS.candidate] } } } },
          ...rule,
        ],
      },
      ...(hasUsage
        ? [{ width: 560, height: 120, data: { values: points.filter((p) => p.usage !== null) }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, color: COLORS.best }, encoding: { x, y: { field: 'usage', type: 'quantitative', title: w.kvAxis, scale: { domain: [0, 100] } } } }]
        : []),
    ],
  };
}

function kernelsSpec(values: { rank: number; kernel: string; pct: number }[], categories: { rank: number; category: string; pct: number }[], w: ChartWords): Record<string, unknown> {
  const bars = (field: string, title: string | null, rows: Record<string, unknown>[], width: number) => {
    const y = { field, type: 'nominal', title: null, sort: { field: 'rank', order: 'ascending' } };
    return {
      title,
      data: { values: rows },
      width,
      height: { step: 22 },
      layer: [
        { mark: { type: 'bar', color: COLORS.main }, encoding: { y, x: { field: 'pct', type: 'quantitative', title: w.kernelAxis } } },
        { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { y, x: { field: 'pct', type: 'quantitative' }, text: { field: 'pct', type: 'quantitative', format: '.2f' } } },
      ],
    };
  };
  return { config: CONFIG, title: w.kernelsTitle, vconcat: [bars('category', w.categoriesTitle, categories, 320), bars('kernel', w.topKernelsTitle, values, 320)] };
}

function comparisonSpec(values: { statistic: string; run: string; seconds: number }[], title: string, w: ChartWords): Record<string, unknown> {
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

/** Entry ids are POSIX paths without extension: flatten to one safe file name part. */
export function fileSlug(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}

function shorten(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : s;
}

/** Rounded data keeps the SVG small and free of float noise such as 0.30000000000000004. */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

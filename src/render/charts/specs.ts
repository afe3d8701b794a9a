import type { Manifest } from '../../evidence/manifest.js';
import type { GpuSamples, KernelProfile, ServingBenchmark } from '../../records.js';
import { fixed, seconds } from '../format.js';
import type { View } from '../view-model.js';
import { downsampleSeries } from './downsample.js';
import { CHART_WORDS, type ChartWords } from './labels.js';

/** A chart to draw: a Vega-Lite spec, the file it goes to and the words that describe it. */
export interface ChartSpec {
  /** The manifest entry the chart depicts; absent for the matrix, which depicts many. */
  entryId?: string;
  /** File name under `<evidenceDir>/charts/`. */
  file: string;
  alt: string;
  spec: Record<string, unknown>;
}

/** Points per device beyond which a GPU series is downsampled (see downsampleSeries). */
export const MAX_SERIES_POINTS = 500;
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

const COLORS = { main: '#4c78a8', best: '#54a24b', anomalous: '#e45756', p50: '#54a24b', p95: '#e45756', candidate: '#f58518' };

/**
 * Every chart the evidence supports, in a stable order. A chart whose data is missing (no
 * samples, no series, no kernels) is not produced at all.
 */
export function chartSpecs(view: View, manifest: Manifest): ChartSpec[] {
  const w = CHART_WORDS[view.lang];
  const records = new Map(manifest.entries.filter((e) => e.valid && e.record).map((e) => [e.id, e.record!]));
  const bench = (id: string) => records.get(id) as ServingBenchmark | undefined;
  const out: ChartSpec[] = [];

  if (view.matrix && view.matrix.cells.length) {
    const cells = view.matrix.cells.map((c) => ({ cell: c, record: bench(c.entry.id)! }));
    const varying = varyingKeys(cells.map((c) => c.record.params));
    // A run whose file states no e2el p95 has no point on this chart (its table row shows '-').
    const values = cells.flatMap(({ cell, record }) => {
      const p95 = record.latency.e2el?.p95;
      if (p95 === undefined) return [];
      return [{ config: paramLabel(record.params, varying) || cell.params, throughput: round(record.throughput.requestsPerS, 4), p95: round(p95 / 1000, 4), status: cell.best ? w.best : cell.anomalous ? w.anomalous : w.normal }];
    });
    const best = cells.find((c) => c.cell.best);
    if (values.length) out.push({ file: 'matrix.svg', alt: w.matrixAlt(values.length, best ? paramLabel(best.record.params, varying) || best.cell.params : undefined), spec: matrixSpec(values, w) });
  }

  for (const f of view.formal ?? []) {
    const e2el = bench(f.entry.id)?.latency.e2el;
    const samples = e2el?.samples ?? [];
    if (!e2el || e2el.p50 === undefined || e2el.p95 === undefined || samples.length < 2) continue;
    out.push({ entryId: f.entry.id, file: `latency-${fileSlug(f.entry.id)}.svg`, alt: w.latencyAlt(samples.length, seconds(e2el.p50), seconds(e2el.p95)), spec: latencySpec(samples, { p50: e2el.p50, p95: e2el.p95 }, w) });
  }

  for (const g of view.gpu ?? []) {
    const r = records.get(g.entry.id) as GpuSamples | undefined;
    if (!r?.series || r.series.length < 2) continue;
    const { points, buckets } = downsampleSeries(r.series, MAX_SERIES_POINTS);
    const names = new Map(r.devices.map((d) => [d.index, d.name ? `${d.index}: ${d.name}` : `GPU ${d.index}`]));
    const values = points.map((p) => ({ t: round(p.tS, 3), device: names.get(p.device) ?? `GPU ${p.device}`, util: p.utilPct, ...(p.memUsedMiB !== undefined ? { mem: p.memUsedMiB } : {}) }));
    const spec = gpuSpec(values, new Set(values.map((v) => v.device)).size > 1, r.memory.peakUsedMiB !== undefined, r.memory.totalMiB, w);
    out.push({ entryId: g.entry.id, file: `gpu-${fileSlug(g.entry.id)}.svg`, alt: w.gpuAlt(r.samples, g.avgUtilPct, g.maxUtilPct, g.peakMemMiB, buckets), spec });
  }

  for (const k of view.kernels ?? []) {
    const r = records.get(k.entry.id) as KernelProfile | undefined;
    const top = (r?.kernels ?? []).slice(0, KERNELS_SHOWN);
    if (!top.length) continue;
    const values = top.map((x, i) => ({ rank: i + 1, kernel: `${i + 1}. ${shorten(x.name, KERNEL_NAME_CHARS)}`, pct: round(x.pct, 2) }));
    out.push({ entryId: k.entry.id, file: `kernels-${fileSlug(k.entry.id)}.svg`, alt: w.kernelsAlt(top.length, shorten(top[0]!.name, KERNEL_NAME_CHARS), fixed(top[0]!.pct, 2)), spec: kernelsSpec(values, w) });
  }

  for (const c of view.comparison ?? []) {
    const b = bench(c.baseline.id)?.latency.e2el;
    const a = bench(c.candidate.id)?.latency.e2el;
    if (!a || !b) continue;
    const stat = (s: typeof a, run: string) =>
      (['mean', 'p50', 'p95', 'p99'] as const)
        .filter((k) => a[k] !== undefined && b[k] !== undefined)
        .map((k) => ({ statistic: k === 'mean' ? w.mean : k.toUpperCase(), run, seconds: round(s[k]! / 1000, 4) }));
    out.push({
      entryId: c.candidate.id,
      file: `comparison-${fileSlug(c.candidate.id)}.svg`,
      alt: w.comparisonAlt(c.metric, c.improvement),
      spec: comparisonSpec([...stat(b, w.baseline), ...stat(a, w.candidate)], w.comparisonTitle(c.metric, c.improvement), w),
    });
  }
  return uniqueFiles(out);
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

function latencySpec(samplesMs: number[], e2el: { p50: number; p95: number }, w: ChartWords): Record<string, unknown> {
  const sorted = samplesMs.slice().sort((a, b) => a - b);
  const n = sorted.length;
  const cdf = sorted.map((ms, i) => ({ latency: round(ms / 1000, 4), share: round((i + 1) / n, 6) }));
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

/** Utilisation over time, and memory below it when the samples have memory. */
function gpuSpec(values: { t: number; device: string; util: number; mem?: number }[], multi: boolean, memory: boolean, totalMiB: number | undefined, w: ChartWords): Record<string, unknown> {
  const x = { field: 't', type: 'quantitative', title: w.timeAxis };
  const color = multi ? { color: { field: 'device', type: 'nominal', title: w.device } } : {};
  const line = { type: 'line', strokeWidth: 1.5, ...(multi ? {} : { color: COLORS.main }) };
  return {
    config: CONFIG,
    title: w.gpuTitle,
    data: { values },
    vconcat: [
      { width: 560, height: 160, mark: line, encoding: { x, y: { field: 'util', type: 'quantitative', title: w.utilAxis, scale: { domain: [0, 100] } }, ...color } },
      ...(memory ? [{ width: 560, height: 160, mark: line, encoding: { x, y: { field: 'mem', type: 'quantitative', title: w.memAxis, scale: totalMiB ? { domain: [0, totalMiB] } : { zero: false } }, ...color } }] : []),
    ],
  };
}

function kernelsSpec(values: { rank: number; kernel: string; pct: number }[], w: ChartWords): Record<string, unknown> {
  const y = { field: 'kernel', type: 'nominal', title: null, sort: { field: 'rank', order: 'ascending' } };
  return {
    config: CONFIG,
    title: w.kernelsTitle,
    data: { values },
    width: 320,
    height: { step: 22 },
    layer: [
      { mark: { type: 'bar', color: COLORS.main }, encoding: { y, x: { field: 'pct', type: 'quantitative', title: w.kernelAxis } } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { y, x: { field: 'pct', type: 'quantitative' }, text: { field: 'pct', type: 'quantitative', format: '.2f' } } },
    ],
  };
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

/** Parameter keys whose value differs between runs (the ones worth a label). */
function varyingKeys(params: Record<string, unknown>[]): string[] {
  const keys = [...new Set(params.flatMap((p) => Object.keys(p)))];
  return keys.filter((k) => new Set(params.map((p) => String(p[k]))).size > 1);
}

function paramLabel(params: Record<string, unknown>, keys: string[]): string {
  return keys.map((k) => `${k}=${String(params[k])}`).join(', ');
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

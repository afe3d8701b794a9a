import type { Analysis } from '../../analysis/index.js';
import { kindCharts } from '../../kinds/registry.js';
import type { AssetLinks } from '../assets.js';
import { fixed } from '../format.js';
import type { View } from '../view-model.js';

/** A chart to draw: a Vega-Lite spec, the file it goes to and the words that describe it. */
export interface ChartSpec {
  /** The manifest entry the chart depicts; absent for a chart of many (`slot` names it). */
  entryId?: string;
  /** The `assets.<slot>` link of a chart of many (a kind declares its slot in AssetLinks). */
  slot?: Exclude<keyof AssetLinks, 'byEntry'>;
  /** File name under `<evidenceDir>/charts/`. */
  file: string;
  alt: string;
  spec: Record<string, unknown>;
}

/**
 * A record kind's charts (`src/kinds/charts/<kind>.ts`, exporting `charts`): drawn from the
 * Analysis' numbers, the view giving only the language and formatted numbers for the alt texts.
 * A chart whose data is missing (no samples, no series, no kernels) is not produced at all.
 */
export interface KindCharts {
  draw(view: View, analysis: Analysis): ChartSpec[];
}

/**
 * Fixed look for every chart: explicit sizes, the generic `sans-serif` family (no web fonts),
 * a white background so the charts read on GitHub's dark theme too.
 */
export const CONFIG = {
  background: 'white',
  font: 'sans-serif',
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 360 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
};

export const COLORS = { main: '#4c78a8', best: '#54a24b', anomalous: '#e45756', p50: '#54a24b', p95: '#e45756', candidate: '#f58518', window: '#fde9b8' };

/** Every chart the registered kinds draw from the analysis, kind by kind (by file name). */
export async function chartSpecs(view: View, analysis: Analysis): Promise<ChartSpec[]> {
  return chartSpecsWith(await kindCharts(), view, analysis);
}

export function chartSpecsWith(kinds: readonly KindCharts[], view: View, analysis: Analysis): ChartSpec[] {
  return uniqueFiles(kinds.flatMap((k) => k.draw(view, analysis)));
}

export function signed(x: number): string {
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

/** Entry ids are POSIX paths without extension: flatten to one safe file name part. */
export function fileSlug(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}

export function shorten(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : s;
}

/** Rounded data keeps the SVG small and free of float noise such as 0.30000000000000004. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

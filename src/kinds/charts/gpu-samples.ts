import { fixed } from '../../render/format.js';
import { CONFIG, COLORS, fileSlug, round, type ChartSpec, type KindCharts } from '../../render/charts/specs.js';
import { COMMON_WORDS, type ChartLang, type CommonWords } from '../../render/charts/labels.js';

interface Words {
  utilAxis: string;
  memAxis: string;
  device: string;
  gpuTitle: string;
  gpuAlt: (samples: number, avg: string, max: string, peakMiB: number | '-', windows: number, inLoadAvg: string | undefined, bucketed: boolean) => string;
}

const WORDS: Record<ChartLang, Words> = {
  zh: {
    utilAxis: 'GPU 利用率 (%)',
    memAxis: '显存占用 (MiB)',
    device: '设备',
    gpuTitle: 'GPU 利用率与显存随时间变化',
    gpuAlt: (samples, avg, max, peak, windows, inLoad, bucketed) =>
      `GPU 利用率与显存占用随时间变化折线图：${samples} 个采样，平均利用率 ${avg}%，峰值 ${max}%，峰值显存 ${peak} MiB${windows ? `；阴影为 ${windows} 个负载时间窗${inLoad !== undefined ? `，窗内平均利用率 ${inLoad}%` : ''}` : ''}${bucketed ? '（长序列分段，绘制每段的最小值至最大值）' : ''}`,
  },
  en: {
    utilAxis: 'GPU utilisation (%)',
    memAxis: 'Memory used (MiB)',
    device: 'Device',
    gpuTitle: 'GPU utilisation and memory over time',
    gpuAlt: (samples, avg, max, peak, windows, inLoad, bucketed) =>
      `Line charts of GPU utilisation and memory over time: ${samples} samples, average utilisation ${avg}%, peak ${max}%, peak memory ${peak} MiB${windows ? `; ${windows} load window(s) shaded${inLoad !== undefined ? `, ${inLoad}% average utilisation within them` : ''}` : ''}${bucketed ? ' (long series bucketed; each bucket drawn from its minimum to its maximum)' : ''}`,
  },
};

/** Each GPU series: utilisation (and memory), load windows shaded. */
export const charts: KindCharts = {
  draw(view, analysis) {
    const w = { ...COMMON_WORDS[view.lang], ...WORDS[view.lang] };
    const out: ChartSpec[] = [];
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
    return out;
  },
};

function gpuSpec(
  values: { t: number; device: string; util: number; utilMin: number; utilMax: number; mem?: number }[],
  windows: { start: number; end: number }[],
  multi: boolean,
  bucketed: boolean,
  /** Whether the samples have memory (a second panel). */
  memory: boolean,
  totalMiB: number | undefined,
  w: Words & CommonWords,
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

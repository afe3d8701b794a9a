import type { AssetLink } from '../../render/assets.js';
import { fixed } from '../../render/format.js';
import { CONFIG, COLORS, round, type ChartSpec, type KindCharts } from '../../render/charts/specs.js';
import { COMMON_WORDS, type ChartLang, type CommonWords } from '../../render/charts/labels.js';
import type { SchedulingPoint } from '../../records.js';

declare module '../../render/assets.js' {
  interface AssetLinks {
    /** Running and waiting requests and KV cache use over time, from the service logs. */
    scheduling?: AssetLink;
  }
}

interface Words {
  schedulingTitle: string;
  requestsAxis: string;
  kvAxis: string;
  running: string;
  queued: string;
  schedulingAlt: (lines: number, peak: number | undefined, maxNumSeqs: number | undefined, queuedPct: string | undefined, kvPeak: string | undefined) => string;
}

const WORDS: Record<ChartLang, Words> = {
  zh: {
    schedulingTitle: '调度：运行中与排队请求、KV cache 占用',
    requestsAxis: '请求数',
    kvAxis: 'KV cache 占用 (%)',
    running: '运行中',
    queued: '排队',
    schedulingAlt: (lines, peak, max, queued, kv) =>
      `调度折线图：${lines} 条调度日志${peak !== undefined ? `，运行中请求峰值 ${peak}` : ''}${max !== undefined ? `（max_num_seqs = ${max}）` : ''}${queued !== undefined ? `，${queued}% 的调度步有排队` : ''}${kv !== undefined ? `，KV cache 占用峰值 ${kv}%` : ''}`,
  },
  en: {
    schedulingTitle: 'Scheduling: running and waiting requests, KV cache use',
    requestsAxis: 'Requests',
    kvAxis: 'KV cache in use (%)',
    running: 'running',
    queued: 'waiting',
    schedulingAlt: (lines, peak, max, queued, kv) =>
      `Line charts of scheduling: ${lines} scheduler lines${peak !== undefined ? `, peak running requests ${peak}` : ''}${max !== undefined ? ` (max_num_seqs = ${max})` : ''}${queued !== undefined ? `, ${queued}% of scheduler steps with a waiting queue` : ''}${kv !== undefined ? `, peak KV cache use ${kv}%` : ''}`,
  },
};

/** The scheduler's series (one chart of all service logs). */
export const charts: KindCharts = {
  draw(view, analysis) {
    const w = { ...COMMON_WORDS[view.lang], ...WORDS[view.lang] };
    const out: ChartSpec[] = [];
    const s = analysis.scheduling;
    if (s && s.series.length >= 2) {
      out.push({
        slot: 'scheduling',
        file: 'scheduling.svg',
        alt: w.schedulingAlt(s.prefillLines + s.decodeLines, s.running?.peak, s.maxNumSeqs?.value, s.queue ? fixed(s.queue.sharePct, 1) : undefined, s.kv.peakUsagePct !== undefined ? fixed(s.kv.peakUsagePct, 2) : undefined),
        spec: schedulingSpec(s.series, s.maxNumSeqs?.value, w),
      });
    }
    return out;
  },
};

function schedulingSpec(series: SchedulingPoint[], maxNumSeqs: number | undefined, w: Words & CommonWords): Record<string, unknown> {
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

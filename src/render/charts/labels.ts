/**
 * The words inside the charts and their alt text. Charts are drawn in code, not from templates,
 * so their few words live here, one table per document language.
 */
export interface ChartWords {
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
  timeAxis: string;
  utilAxis: string;
  memAxis: string;
  device: string;
  gpuTitle: string;
  gpuAlt: (samples: number, avg: string, max: string, peakMiB: number | '-', downsampled?: number) => string;
  kernelAxis: string;
  kernelsTitle: string;
  kernelsAlt: (shown: number, top: string, pct: string) => string;
  statistic: string;
  run: string;
  baseline: string;
  candidate: string;
  comparisonTitle: (metric: string, improvement: string) => string;
  comparisonAlt: (metric: string, improvement: string) => string;
  mean: string;
}

export const CHART_WORDS: Record<'zh' | 'en', ChartWords> = {
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
    timeAxis: '时间 (s)',
    utilAxis: 'GPU 利用率 (%)',
    memAxis: '显存占用 (MiB)',
    device: '设备',
    gpuTitle: 'GPU 利用率与显存随时间变化',
    gpuAlt: (samples, avg, max, peak, ds) =>
      `GPU 利用率与显存占用随时间变化折线图：${samples} 个采样，平均利用率 ${avg}%，峰值 ${max}%，峰值显存 ${peak} MiB${ds ? `（按时间等分为 ${ds} 段，每段取最大值）` : ''}`,
    kernelAxis: 'GPU 时间占比 (%)',
    kernelsTitle: 'GPU 时间占比最高的 kernel',
    kernelsAlt: (shown, top, pct) => `GPU 时间占比最高的 ${shown} 个 kernel 条形图：最高为 ${top}，占 ${pct}%`,
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
    timeAxis: 'Time (s)',
    utilAxis: 'GPU utilisation (%)',
    memAxis: 'Memory used (MiB)',
    device: 'Device',
    gpuTitle: 'GPU utilisation and memory over time',
    gpuAlt: (samples, avg, max, peak, ds) =>
      `Line charts of GPU utilisation and memory over time: ${samples} samples, average utilisation ${avg}%, peak ${max}%, peak memory ${peak} MiB${ds ? ` (downsampled to ${ds} equal time buckets, maximum of each)` : ''}`,
    kernelAxis: 'Share of GPU time (%)',
    kernelsTitle: 'Kernels with the largest share of GPU time',
    kernelsAlt: (shown, top, pct) => `Bar chart of the ${shown} kernels with the largest share of GPU time: the largest is ${top} at ${pct}%`,
    statistic: 'Statistic',
    run: 'Run',
    baseline: 'baseline',
    candidate: 'candidate',
    comparisonTitle: (metric, imp) => `Baseline vs candidate latency (${metric} improvement ${imp})`,
    comparisonAlt: (metric, imp) => `Bar chart comparing latency statistics of the baseline and the candidate: ${metric} improvement ${imp}`,
    mean: 'mean',
  },
};

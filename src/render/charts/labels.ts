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
  gpuAlt: (samples: number, avg: string, max: string, peakMiB: number | '-', windows: number, inLoadAvg: string | undefined, bucketed: boolean) => string;
  kernelAxis: string;
  kernelsTitle: string;
  categoriesTitle: string;
  topKernelsTitle: string;
  kernelsAlt: (shown: number, top: string, pct: string, category?: string, categoryPct?: string) => string;
  /** A kernel category code (analysis/kernel-categories.ts) in words. */
  category: (code: string) => string;
  schedulingTitle: string;
  requestsAxis: string;
  kvAxis: string;
  running: string;
  queued: string;
  schedulingAlt: (lines: number, peak: number | undefined, maxNumSeqs: number | undefined, queuedPct: string | undefined, kvPeak: string | undefined) => string;
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
    gpuAlt: (samples, avg, max, peak, windows, inLoad, bucketed) =>
      `GPU 利用率与显存占用随时间变化折线图：${samples} 个采样，平均利用率 ${avg}%，峰值 ${max}%，峰值显存 ${peak} MiB${windows ? `；阴影为 ${windows} 个负载时间窗${inLoad !== undefined ? `，窗内平均利用率 ${inLoad}%` : ''}` : ''}${bucketed ? '（长序列分段，绘制每段的最小值至最大值）' : ''}`,
    kernelAxis: 'GPU 时间占比 (%)',
    kernelsTitle: 'kernel 耗时分布',
    categoriesTitle: '按类别',
    topKernelsTitle: '耗时最高的 kernel',
    kernelsAlt: (shown, top, pct, cat, catPct) =>
      `kernel 耗时分布条形图：${cat !== undefined ? `占比最高的类别为${cat}（${catPct}%），` : ''}耗时最高的 ${shown} 个 kernel 中最高为 ${top}，占 ${pct}%`,
    category: (c) => CATEGORY_WORDS.zh[c] ?? c,
    schedulingTitle: '调度：运行中与排队请求、KV cache 占用',
    requestsAxis: '请求数',
    kvAxis: 'KV cache 占用 (%)',
    running: '运行中',
    queued: '排队',
    schedulingAlt: (lines, peak, max, queued, kv) =>
      `调度折线图：${lines} 条调度日志${peak !== undefined ? `，运行中请求峰值 ${peak}` : ''}${max !== undefined ? `（max_num_seqs = ${max}）` : ''}${queued !== undefined ? `，${queued}% 的调度步有排队` : ''}${kv !== undefined ? `，KV cache 占用峰值 ${kv}%` : ''}`,
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
    gpuAlt: (samples, avg, max, peak, windows, inLoad, bucketed) =>
      `Line charts of GPU utilisation and memory over time: ${samples} samples, average utilisation ${avg}%, peak ${max}%, peak memory ${peak} MiB${windows ? `; ${windows} load window(s) shaded${inLoad !== undefined ? `, ${inLoad}% average utilisation within them` : ''}` : ''}${bucketed ? ' (long series bucketed; each bucket drawn from its minimum to its maximum)' : ''}`,
    kernelAxis: 'Share of GPU time (%)',
    kernelsTitle: 'Where GPU time goes',
    categoriesTitle: 'By category',
    topKernelsTitle: 'Top kernels',
    kernelsAlt: (shown, top, pct, cat, catPct) =>
      `Bar charts of GPU time: ${cat !== undefined ? `the largest category is ${cat} at ${catPct}%, ` : ''}of the top ${shown} kernels the largest is ${top} at ${pct}%`,
    category: (c) => CATEGORY_WORDS.en[c] ?? c,
    schedulingTitle: 'Scheduling: running and waiting requests, KV cache use',
    requestsAxis: 'Requests',
    kvAxis: 'KV cache in use (%)',
    running: 'running',
    queued: 'waiting',
    schedulingAlt: (lines, peak, max, queued, kv) =>
      `Line charts of scheduling: ${lines} scheduler lines${peak !== undefined ? `, peak running requests ${peak}` : ''}${max !== undefined ? ` (max_num_seqs = ${max})` : ''}${queued !== undefined ? `, ${queued}% of scheduler steps with a waiting queue` : ''}${kv !== undefined ? `, peak KV cache use ${kv}%` : ''}`,
    statistic: 'Statistic',
    run: 'Run',
    baseline: 'baseline',
    candidate: 'candidate',
    comparisonTitle: (metric, imp) => `Baseline vs candidate latency (${metric} improvement ${imp})`,
    comparisonAlt: (metric, imp) => `Bar chart comparing latency statistics of the baseline and the candidate: ${metric} improvement ${imp}`,
    mean: 'mean',
  },
};

/** Kernel category codes in words (the report's templates use the same words). */
const CATEGORY_WORDS: Record<'zh' | 'en', Record<string, string>> = {
  zh: { gemm: 'GEMM/矩阵乘', attention: '注意力', normalization: '归一化', elementwise: '逐元素/激活', softmax: 'Softmax/归约', memcpy: '拷贝/置零', communication: '通信', convolution: '卷积', other: '其他' },
  en: { gemm: 'GEMM/matmul', attention: 'attention', normalization: 'normalization', elementwise: 'elementwise/activation', softmax: 'softmax/reduction', memcpy: 'memcpy/memset', communication: 'communication', convolution: 'convolution', other: 'other' },
};

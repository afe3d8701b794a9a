/**
 * The normalized records (docs/architecture.md, "Stages and their contracts"): the contract between adapters, checks and templates.
 * Times are milliseconds unless a field name says otherwise; percentages are 0-100.
 * Each kind has a JSON Schema in `schemas/records/<kind>.schema.json` and a definition in
 * `src/kinds/<kind>.ts`.
 */

export type Role =
  | 'environment'
  | 'patch'
  | 'service.startup'
  | 'service.health'
  | 'request.single'
  | 'benchmark.matrix'
  | 'benchmark.formal'
  | 'benchmark.tailcheck'
  | 'benchmark.baseline'
  | 'benchmark.candidate'
  | 'accuracy'
  | 'profiling.gpu'
  | 'profiling.kernels'
  | 'profiling.python'
  | 'profiling.trace'
  | 'profiling.limitation'
  | 'log'
  | 'note'
  | 'other';

export const ROLES: readonly Role[] = [
  'environment',
  'patch',
  'service.startup',
  'service.health',
  'request.single',
  'benchmark.matrix',
  'benchmark.formal',
  'benchmark.tailcheck',
  'benchmark.baseline',
  'benchmark.candidate',
  'accuracy',
  'profiling.gpu',
  'profiling.kernels',
  'profiling.python',
  'profiling.trace',
  'profiling.limitation',
  'log',
  'note',
  'other',
];

/** The statistics a latency metric can carry, besides its samples. */
export const STAT_NAMES = ['n', 'mean', 'median', 'std', 'p50', 'p90', 'p95', 'p99', 'min', 'max'] as const;
export type StatName = (typeof STAT_NAMES)[number];

/**
 * Descriptive statistics of one metric. Every statistic is optional: a record keeps exactly what
 * the file states or its per-request samples give (default `vllm bench serve` states mean,
 * median, std and p99). `stated` names the statistics the file printed itself; any other one
 * present was computed from `samples` (numpy's defaults).
 */
export interface MetricStats {
  n?: number;
  mean?: number;
  median?: number;
  /** Population standard deviation (numpy's default, ddof=0). */
  std?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  min?: number;
  max?: number;
  /** Other percentiles the file states (`--metric-percentiles 25,99.9`), keyed as written: {"25": .., "99.9": ..}. */
  percentiles?: Record<string, number>;
  /** Statistics (and `percentiles` keys as `p25`, `p99.9`) that the file states rather than computed here. */
  stated?: string[];
  samples?: number[];
}

export interface ServingBenchmark {
  kind: 'serving-benchmark';
  tool: 'fastdeploy-benchmark-serving' | 'vllm-bench-serve' | 'paddleocr-vl-benchmark' | 'request-latencies';
  model?: string;
  /** Run parameters (max_num_seqs, max_model_len, concurrency, backend, ...): scalars only. */
  params: Record<string, string | number | boolean | null>;
  requests: { total: number; succeeded: number; failed: number };
  durationS?: number;
  /** Wall clock the run started (ISO 8601, no zone), when the file states it or its end and duration. */
  startedAt?: string;
  throughput: { requestsPerS: number; outputTokensPerS?: number; totalTokensPerS?: number };
  latency: {
    e2el?: MetricStats;
    ttft?: MetricStats;
    tpot?: MetricStats;
    itl?: MetricStats;
    /** FastDeploy only, as its benchmark states them: server-side (推理侧) TTFT, ITL, end-to-end, and TTFT including reasoning. */
    serverTtft?: MetricStats;
    serverItl?: MetricStats;
    serverE2el?: MetricStats;
    responseTtft?: MetricStats;
  };
  /**
   * FastDeploy's per-request token statistics as stated: decode speed without the first token
   * (tok/s), server-side prompt tokens, output and reasoning tokens. (`input_len` is left out: for
   * openai-chat it counts cached tokens, not the prompt.)
   */
  tokens?: { decodePerS?: MetricStats; promptTokens?: MetricStats; outputTokens?: MetricStats; reasoningTokens?: MetricStats };
  /** Why requests failed: distinct messages (the last line of each error), most frequent first. */
  failures?: { message: string; count: number }[];
  /** Groups of requests within one run (e.g. 50 sequential + 20 at concurrency 4). */
  phases?: { name: string; concurrency: number; requests: number; e2el?: MetricStats; durationS?: number; requestsPerS?: number }[];
  /**
   * Every run of a file that holds several (older vLLM results appended one per line, e.g. a
   * request-rate sweep), in file order, each with the line it was read from. The record's own
   * fields are the last run's; the analysis shows each run as a cell of its own.
   */
  runs?: ServingRun[];
}

/** One run of a several-run serving benchmark file, with its line in the file. */
export type ServingRun = Pick<ServingBenchmark, 'model' | 'params' | 'requests' | 'durationS' | 'startedAt' | 'throughput' | 'latency' | 'tokens' | 'failures'> & { line: number };

export interface GpuSamples {
  kind: 'gpu-samples';
  tool: 'nvidia-smi' | 'nvidia-smi-dmon' | 'mx-smi' | 'gpu-jsonl';
  devices: { index: number; name?: string; busId?: string; memoryTotalMiB?: number }[];
  samples: number;
  durationS?: number;
  /** Wall clock of the first sample (ISO 8601, no zone: as the sampler wrote it), when the samples carry one. */
  startedAt?: string;
  utilization: { avgPct: number; maxPct: number };
  /** peakUsedMiB absent when the samples carry no memory column (plain `nvidia-smi dmon` on newer drivers). */
  memory: { peakUsedMiB?: number; totalMiB?: number };
  /**
   * Time series: seconds from the first sample, per device. A long series is bucketed at collect
   * (evidence/downsample.ts): a bucket point is its first sample's time with the mean of each
   * value, their `min` and `max`, and `n` samples.
   */
  series?: GpuPoint[];
}

export interface GpuPoint {
  tS: number;
  device: number;
  utilPct: number;
  /** Absent when the samples carry no memory column. */
  memUsedMiB?: number;
  n?: number;
  min?: { utilPct: number; memUsedMiB?: number };
  max?: { utilPct: number; memUsedMiB?: number };
}

export interface KernelProfile {
  kind: 'kernel-profile';
  tool: 'chrome-trace' | 'paddle-profiler-summary' | 'nsys-stats' | 'kernel-csv';
  /** The time `pct` is a share of: all kernels' time, or the GPU time the profiler's own ratios are of (Paddle's Ratio(%)). */
  totalUs: number;
  /** Sorted by totalUs descending. */
  kernels: { name: string; calls: number; totalUs: number; avgUs: number; pct: number }[];
}

export interface PythonProfile {
  kind: 'python-profile';
  tool: 'py-spy-speedscope' | 'py-spy-chrometrace' | 'py-spy-raw' | 'py-spy-dump' | 'pstats';
  samples?: number;
  functions: { name: string; file?: string; line?: number; selfPct: number; totalPct: number }[];
}

export interface ServiceLogEvent {
  code: string;
  line: number;
  message: string;
  /** Numbers the event carries (gpu blocks, port, seconds, tok/s, ...). */
  data?: Record<string, number | string | boolean>;
}

export interface ServiceLog {
  kind: 'service-log';
  tool: 'fastdeploy-log' | 'text';
  lines: number;
  errors: number;
  warnings: number;
  /** First and last timestamps seen (as written in the log, no time zone conversion). */
  firstTimestamp?: string;
  lastTimestamp?: string;
  events: ServiceLogEvent[];
  /** The scheduler's periodic `Prefill batch, ...` / `Decode batch, ...` lines (FastDeploy ResourceManagerV1). */
  scheduling?: SchedulingLog;
}

/** One scheduler line, or (after collect's downsampling) a bucket of consecutive lines of one phase. */
export interface SchedulingPoint {
  /** Seconds since the first scheduler line. */
  tS: number;
  phase: 'prefill' | 'decode';
  running: number;
  queued: number;
  /** `token usage` x 100: share of the KV cache blocks in use. */
  usagePct?: number;
  freeBlocks?: number;
  /** Decode lines: `gen throughput (token/s)`. */
  genTokPerS?: number;
  n?: number;
  min?: Partial<Record<'running' | 'queued' | 'usagePct' | 'freeBlocks' | 'genTokPerS', number>>;
  max?: Partial<Record<'running' | 'queued' | 'usagePct' | 'freeBlocks' | 'genTokPerS', number>>;
}

export interface SchedulingLog {
  /** Timestamp of the first scheduler line, as written. */
  firstTimestamp?: string;
  prefillLines: number;
  decodeLines: number;
  /** Lines (either phase) with at least one request waiting (`#queue-req` > 0). */
  queuedLines: number;
  series: SchedulingPoint[];
}

export interface ToolError {
  kind: 'tool-error';
  tool: string;
  reason: 'ptrace-denied' | 'permission-denied' | 'not-installed' | 'not-supported' | 'other';
  message: string;
  /** Message key of the remedy (`py-spy.ptrace-denied`); documents show their catalogue's words. */
  remedy?: string;
  /** Related facts captured in the file, e.g. `kernel.yama.ptrace_scope = 1`. */
  facts?: Record<string, string>;
}

export interface Environment {
  kind: 'environment';
  tool: string;
  os?: string;
  kernel?: string;
  python?: string;
  paddle?: string;
  fastdeploy?: string;
  /** Devices named by the capture, e.g. `MetaX C500`. */
  devices?: string[];
  driver?: string;
  /** Device toolkit, e.g. `MACA 3.2.1.10` or `CUDA 12.4`. */
  toolkit?: string;
  /** Versions of the measuring tools: mx-smi, nvidia-smi, nsys, py-spy. */
  tools?: Record<string, string>;
  packages?: Record<string, string>;
}

export interface Patch {
  kind: 'patch';
  tool: 'unified-diff';
  files: { path: string; insertions: number; deletions: number }[];
  insertions: number;
  deletions: number;
}

export interface ServiceStatus {
  kind: 'service-status';
  tool: string;
  endpoint?: string;
  httpStatus: number;
  healthy: boolean;
  time?: string;
  latencyMs?: number;
}

export interface RequestResult {
  kind: 'request-result';
  tool: string;
  endpoint?: string;
  httpStatus?: number;
  ok: boolean;
  latencyMs?: number;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** First characters of the generated text (OCR output stays as written). */
  excerpt?: string;
}

export interface Accuracy {
  kind: 'accuracy';
  tool: string;
  metric: string;
  value: number;
  higherIsBetter: boolean;
}

export interface Other {
  kind: 'other';
  tool: 'other' | 'screenshot' | 'note' | 'command' | 'text';
  mediaType?: string;
  lines?: number;
  title?: string;
}

/** Hardware/software counters of one `perf stat` run, in the order perf printed them. */
export interface CpuCounters {
  kind: 'cpu-counters';
  tool: 'perf-stat';
  /** What was measured: the quoted command, `system wide`, or `process id '4242'`. */
  command?: string;
  /** `-r N`: the values are means over N runs. */
  runs?: number;
  elapsedS?: number;
  userS?: number;
  sysS?: number;
  counters: {
    event: string;
    /** Absent when perf printed `<not supported>` or `<not counted>`. */
    value?: number;
    /** As perf printed it, e.g. `msec` for task-clock. */
    unit?: string;
    /** False for `<not supported>`; `<not counted>` is supported but never scheduled. */
    supported: boolean;
    /** Share of the measurement the counter ran (multiplexing), 0-100. */
    runPct?: number;
    /** The first derived metric perf printed after `#`, e.g. 1.32 `insn per cycle`. */
    metric?: { value: number; unit: string };
  }[];
}

/** Sampled CPU hot spots from `perf report --stdio`. */
export interface CpuProfile {
  kind: 'cpu-profile';
  tool: 'perf-report';
  /** The sampled event, e.g. `cycles` or `cpu-clock:pppH`. */
  event?: string;
  /** Number of samples as perf states it (`12K` = 12000: perf truncates to K/M/G). */
  samples?: number;
  /** Sorted by selfPct descending, top 50. */
  symbols: { symbol: string; dso: string; command?: string; kernel: boolean; selfPct: number; childrenPct?: number }[];
}

/** A number as the Prometheus text format writes it: a float, or `NaN`, `+Inf`, `-Inf` (which JSON cannot hold). */
export type MetricValue = number | 'NaN' | '+Inf' | '-Inf';

/**
 * A scrape of a serving framework's Prometheus `/metrics` endpoint (FastDeploy `fastdeploy:*`,
 * vLLM `vllm:*`, or any exporter), every sample as exposed. Values keep the exporter's units
 * (seconds, and 0-1 for `*_cache_usage_perc` despite the name); the kind's summary converts.
 */
export interface ServiceMetrics {
  kind: 'service-metrics';
  tool: 'prometheus-text';
  /** The name prefix before `:` shared by the metrics, e.g. `fastdeploy` or `vllm`. */
  framework?: string;
  /** Counters, gauges, untyped samples and summary quantiles, in file order, each with its line. */
  samples: { name: string; type: 'counter' | 'gauge' | 'untyped' | 'summary'; labels?: Record<string, string>; value: MetricValue; line: number }[];
  /** Histograms: cumulative bucket counts by upper bound (`le`), with `_sum` and `_count`. */
  histograms: { name: string; labels?: Record<string, string>; count: number; sum: MetricValue; buckets: { le: number | '+Inf'; count: number }[]; line: number }[];
}

export type NormalizedRecord =
  | ServingBenchmark
  | GpuSamples
  | KernelProfile
  | PythonProfile
  | ServiceLog
  | ToolError
  | Environment
  | Patch
  | ServiceStatus
  | RequestResult
  | Accuracy
  | Other
  | CpuCounters
  | CpuProfile
  | ServiceMetrics;

export type RecordKind = NormalizedRecord['kind'];

/**
 * What a serving benchmark shows besides its end-to-end latency: the headline numbers of
 * serving RFCs (TTFT, TPOT, ITL, token throughput) and, for a run where every request failed,
 * that fact and why. Formatting only: every number comes from the record as stated or computed.
 */
import type { MetricStats, ServiceLog, ServingBenchmark } from '../records.js';
import { fixed } from './format.js';
import type { EntryView } from './view-model.js';

export interface ServingMetricRow {
  metric: (typeof METRICS)[number][1];
  n: string;
  mean: string;
  median: string;
  std: string;
  p90: string;
  p95: string;
  p99: string;
  max: string;
  /** Statistics computed here from per-request samples rather than stated by the file (`-` when none). */
  computed: string;
}

export interface ServingView {
  /** Every request failed: the run is shown as such, with why when the evidence says. */
  allFailed: boolean;
  /** `24 × ClientConnectorError: ...; 2 × ...`, from the record's failure summary. */
  failures?: string;
  /** The error file FastDeploy's benchmark wrote next to its results (`error_output.txt`), when requests failed. */
  errorFile?: { entry: EntryView; failed: number; first?: string };
  /** TTFT / TPOT / ITL (and FastDeploy's server-side ones) in ms, one row per metric the evidence has (e2el has its own table in seconds). */
  servingMetrics: ServingMetricRow[];
  /** Token throughput (tok/s), each when the evidence states it. */
  tokens?: { outputPerS?: string; totalPerS?: string };
}

/** Labels as the tools print them (FastDeploy's server-side metrics after the client's). */
const METRICS = [
  ['ttft', 'TTFT'],
  ['tpot', 'TPOT'],
  ['itl', 'ITL'],
  ['responseTtft', 'Response TTFT'],
  ['serverTtft', 'S_TTFT'],
  ['serverItl', 'S_ITL'],
  ['serverE2el', 'S_E2EL'],
] as const;
const SHOWN = ['mean', 'median', 'std', 'p90', 'p95', 'p99', 'max'] as const;

/** Milliseconds with 2 decimals, as the benchmark tools print them; `-` when absent. */
const ms = (x: number | undefined) => fixed(x, 2);

function row(metric: ServingMetricRow['metric'], s: MetricStats): ServingMetricRow {
  const stated = new Set(s.stated ?? []);
  const computed = SHOWN.filter((k) => s[k] !== undefined && !stated.has(k));
  return {
    metric,
    n: s.n === undefined ? '-' : String(s.n),
    mean: ms(s.mean),
    median: ms(s.median),
    std: ms(s.std),
    p90: ms(s.p90),
    p95: ms(s.p95),
    p99: ms(s.p99),
    max: ms(s.max),
    computed: computed.join(', ') || '-',
  };
}

/** An error log of failed requests, as a benchmark view can cite it. */
export interface ErrorLog {
  entry: EntryView;
  record: ServiceLog;
}

/** FastDeploy writes `error_output.txt` into the folder it runs from, next to its results. */
function errorFileOf(benchmark: EntryView, logs: readonly ErrorLog[]): ServingView['errorFile'] {
  const dir = (id: string) => id.slice(0, id.lastIndexOf('/') + 1);
  const log = logs.find((l) => dir(l.entry.id) === dir(benchmark.id));
  if (!log) return undefined;
  const failed = log.record.events.filter((e) => e.code === 'request.failed');
  return { entry: log.entry, failed: failed.length, ...(failed[0] ? { first: failed[0].message } : {}) };
}

export function servingView(record: ServingBenchmark, entry?: EntryView, errorLogs: readonly ErrorLog[] = []): ServingView {
  const { throughput: t, requests } = record;
  const failures = (record.failures ?? []).map((f) => `${f.count} × ${f.message}`).join('; ');
  const errorFile = entry && requests.failed > 0 && record.tool === 'fastdeploy-benchmark-serving' ? errorFileOf(entry, errorLogs) : undefined;
  return {
    allFailed: requests.total > 0 && requests.succeeded === 0,
    ...(failures ? { failures } : {}),
    ...(errorFile ? { errorFile } : {}),
    servingMetrics: METRICS.flatMap(([key, label]) => (record.latency[key] ? [row(label, record.latency[key])] : [])),
    ...(t.outputTokensPerS !== undefined || t.totalTokensPerS !== undefined
      ? {
          tokens: {
            ...(t.outputTokensPerS !== undefined ? { outputPerS: fixed(t.outputTokensPerS, 2) } : {}),
            ...(t.totalTokensPerS !== undefined ? { totalPerS: fixed(t.totalTokensPerS, 2) } : {}),
          },
        }
      : {}),
  };
}

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServingBenchmark } from '../records.js';
import { joinRuns } from './_serving-runs.js';
import { mergeStats, type StatedStats } from '../stats/metric-stats.js';
import type { Adapter, ParseResult } from './types.js';

const ID = 'fastdeploy-benchmark-console';
const HEADER = /^\s*=+ Serving Benchmark Result =+\s*$/;
const FOOTER = /^\s*={50}\s*$/;
/** `Successful requests:   1000` — the label is padded to 40 columns, the value to 10. */
const ROW = /^\s*(.+?:)\s+(\S+)\s*$/;
const STAT_ROW = /^(Mean|Median|Std|P\d+(?:\.\d+)?) (TTFT|TPOT|ITL|E2EL|S_TTFT|S_ITL|S_E2EL|Response TTFT) \(ms\):$/;
/** FastDeploy's decode speed section (`解码速度(tok/s)`): `Mean Decode:` ... in tok/s. */
const DECODE_ROW = /^(Mean|Median|P\d+(?:\.\d+)?) Decode:$/;
/** The record's metric for each label (FastDeploy's server-side ones included). */
const METRIC_OF: Record<string, Metric> = {
  TTFT: 'ttft',
  TPOT: 'tpot',
  ITL: 'itl',
  E2EL: 'e2el',
  S_TTFT: 'serverTtft',
  S_ITL: 'serverItl',
  S_E2EL: 'serverE2el',
  'Response TTFT': 'responseTtft',
};
/** FastDeploy only: printed just before the block, unrounded (the block rounds to 2 decimals). */
const RAW_DURATION = /^\s*benchmark_duration:\s*([\d.]+(?:[eE][+-]?\d+)?)\s*秒/;
/** Run parameters both tools print before the block. */
const PRE_PARAMS: [RegExp, string][] = [
  [/^\s*Traffic request rate:\s*(\S+)\s*$/, 'request_rate'],
  [/^\s*Burstiness factor:\s*(\S+)/, 'burstiness'],
  [/^\s*Maximum request concurrency:\s*(\S+)\s*$/, 'max_concurrency'],
];
/** Lines only FastDeploy's fork prints (its own metrics, Chinese section titles, drop ratio). */
const FASTDEPLOY_ONLY = /^\s*(Drop ratio:|benchmark_duration:.*秒|-*(解码速度|包含思考首token耗时|思考长度|Infer )|(Mean|Median) (S_TTFT|S_ITL|S_E2EL|Decode|Response TTFT))/;
/** FastDeploy prints req/s with 3 decimals (`0.829`), vLLM with 2. */
const THREE_DECIMALS = /^\d+\.\d{3}$/;

interface Row {
  value: string;
  line: number;
  column: number;
}
interface Block {
  headerLine: number;
  rows: Map<string, Row>;
  /** metric -> statistic as written (`mean`, `median`, `p99`, `p99.9`) -> row. */
  stats: Map<Metric, Map<string, Row>>;
  decode: Map<string, Row>;
  closed: boolean;
  rawDurationS?: number;
  params: ServingBenchmark['params'];
  fastdeploy: boolean;
}
type Metric = keyof ServingBenchmark['latency'];

/**
 * The console summary of FastDeploy `benchmark_serving.py` (docs/architecture.md, formats 1a) or vLLM
 * `benchmark_serving.py` / `vllm bench serve`, e.g. a saved terminal log. The block prints
 * mean, median and the selected percentiles (p99 by default) per metric, rounded to 2
 * decimals, and never std or max: the record keeps exactly those, as stated. Which tool wrote
 * it is read from the content: FastDeploy's own lines (its metrics, Chinese titles, drop ratio,
 * `benchmark_duration: ... 秒`) or its 3-decimal req/s mean FastDeploy; otherwise vLLM (newer
 * with `Failed requests:`, older without).
 */
export const adapter: Adapter = {
  id: ID,
  kind: 'serving-benchmark',
  title: 'FastDeploy / vLLM `benchmark_serving` console summary (saved terminal output)',
  recognisedBy: 'a `===== Serving Benchmark Result =====` line followed by `label:  value` rows',
  extracts: 'successful (and failed) requests, duration, req/s, output and total tok/s, ttft/tpot/itl/e2el mean, median and printed percentiles (stated, rounded to 0.01 ms), rate and concurrency printed before each block; every block of a file that holds several (a sweep) as a run of its own, with its line',
  cannotKnow: 'std, max and per-request samples (never printed); failed requests in FastDeploy output (not printed)',

  detect(input) {
    return input.headLines().some((l) => HEADER.test(l)) ? 0.85 : 0;
  },

  async parse(input) {
    const blocks: Block[] = [];
    let current: Block | undefined;
    let rawDurationS: number | undefined;
    let params: ServingBenchmark['params'] = {};
    let fastdeploy = false;
    let lineNo = 0;
    for await (const text of input.lines()) {
      lineNo++;
      if (HEADER.test(text)) {
        current = { headerLine: lineNo, rows: new Map(), stats: new Map(), decode: new Map(), closed: false, params, fastdeploy, ...(rawDurationS !== undefined ? { rawDurationS } : {}) };
        blocks.push(current);
        rawDurationS = undefined;
        params = {};
        fastdeploy = false;
      } else if (current && FOOTER.test(text)) {
        current.closed = true;
        current = undefined;
      } else if (current) {
        if (FASTDEPLOY_ONLY.test(text)) current.fastdeploy = true;
        addRow(current, text, lineNo);
      } else {
        if (FASTDEPLOY_ONLY.test(text)) fastdeploy = true;
        const m = RAW_DURATION.exec(text);
        if (m) rawDurationS = Number(m[1]);
        for (const [re, key] of PRE_PARAMS) {
          const hit = re.exec(text);
          if (hit) params[key] = paramValue(hit[1]!);
        }
      }
    }
    return toResult(blocks, input.displayPath, lineNo);
  },
};

function addRow(block: Block, text: string, line: number): void {
  const m = ROW.exec(text);
  if (!m) return;
  const label = m[1]!;
  const row = { value: m[2]!, line, column: text.lastIndexOf(m[2]!) + 1 };
  const decode = DECODE_ROW.exec(label);
  const stat = STAT_ROW.exec(label);
  if (decode) block.decode.set(decode[1]!.toLowerCase(), row);
  else if (stat) {
    const metric = METRIC_OF[stat[2]!]!;
    const byStat = block.stats.get(metric) ?? new Map<string, Row>();
    byStat.set(stat[1]!.toLowerCase(), row);
    block.stats.set(metric, byStat);
  } else block.rows.set(label, row);
}

/** `inf` stays a string (as the JSON writes it), `None` is null, numbers are numbers. */
function paramValue(text: string): string | number | null {
  if (text === 'None') return null;
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Every summary block is a run (a sweep saved from one terminal, e.g. concurrency 1 then 4): the
 * record's own fields are the last run's and, when there are several, `runs` keeps each with the
 * line of its header, as the vLLM JSON-lines adapter does. One unreadable block fails the file: a
 * record that silently skipped a run would drop numbers.
 */
function toResult(blocks: Block[], file: string, lines: number): ParseResult {
  if (!blocks.length) {
    return { diagnostics: [error(`${ID}.no-summary`, "no benchmark summary: expected a line '============ Serving Benchmark Result ============'", { file, line: Math.max(1, lines), column: 1 })] };
  }
  const diagnostics: Diagnostic[] = [];
  const read = blocks.flatMap((block) => {
    const record = blockRecord(block, file, diagnostics);
    return record ? [{ line: block.headerLine, record }] : [];
  });
  const record = joinRuns(read);
  if (!record || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { record, diagnostics };
}

function blockRecord(block: Block, file: string, diagnostics: Diagnostic[]): ServingBenchmark | undefined {
  const errorsBefore = diagnostics.filter((d) => d.severity === 'error').length;
  const at = { file, line: block.headerLine, column: 1 };
  if (!block.closed) diagnostics.push(warning(`${ID}.unterminated`, 'the summary has no closing line of 50 "=" (log cut short?): rows read up to the end of the file', at));

  const number = (label: string, row: Row): number | undefined => {
    if (NUMBER.test(row.value)) return Number(row.value);
    diagnostics.push(error(`${ID}.bad-value`, `'${label}': expected a number >= 0, found '${row.value}'`, { file, line: row.line, column: row.column }));
    return undefined;
  };
  /** Labels are matched without regard to case: vLLM wrote `Total Token throughput`, now `Total token throughput`. */
  const rowOf = (label: string) => block.rows.get(label) ?? [...block.rows].find(([k]) => k.toLowerCase() === label.toLowerCase())?.[1];
  const num = (label: string, required: boolean): number | undefined => {
    const row = rowOf(label);
    if (!row) {
      if (required) diagnostics.push(error(`${ID}.missing-row`, `the summary has no '${label}' row`, at));
      return undefined;
    }
    return number(label, row);
  };
  const completed = num('Successful requests:', true);
  const failed = num('Failed requests:', false);
  const durationS = block.rawDurationS ?? num('Benchmark duration (s):', true);
  const requestsPerS = num('Request throughput (req/s):', true);
  const outputTokensPerS = num('Output token throughput (tok/s):', false);
  const totalTokensPerS = num('Total token throughput (tok/s):', false);
  const latency: ServingBenchmark['latency'] = {};
  for (const [metric, rows] of block.stats) {
    const stated: StatedStats = {};
    for (const [name, row] of rows) {
      const v = number(name, row);
      if (v !== undefined) stated[name] = v;
    }
    // ttft and e2el have one value per successful request; tpot and itl do not.
    const stats = mergeStats(stated, undefined, metric === 'ttft' || metric === 'e2el' ? completed : undefined);
    if (stats) latency[metric] = stats;
  }
  const decodeStated: StatedStats = {};
  for (const [name, row] of block.decode) {
    const v = number(`${name} Decode`, row);
    if (v !== undefined) decodeStated[name] = v;
  }
  const decodePerS = mergeStats(decodeStated);
  if (diagnostics.filter((d) => d.severity === 'error').length > errorsBefore) return undefined;

  // FastDeploy's own lines decide, whatever rows a later release adds; else a `Failed requests:`
  // row (vLLM) or, without it, FastDeploy's 3-decimal req/s.
  const fastdeploy = block.fastdeploy || (failed === undefined && THREE_DECIMALS.test(rowOf('Request throughput (req/s):')!.value));
  if (failed === undefined) {
    diagnostics.push(warning(`${ID}.failures-unknown`, `the ${fastdeploy ? 'FastDeploy' : 'older vLLM'} summary does not print failed requests: counted as 0`, at));
  }
  // Newer vLLM repeats the concurrency limit inside the block; the line before it may be cut off.
  const inBlock = rowOf('Maximum request concurrency:');
  if (inBlock && block.params.max_concurrency === undefined) block.params.max_concurrency = paramValue(inBlock.value);
  return {
    kind: 'serving-benchmark',
    tool: fastdeploy ? 'fastdeploy-benchmark-serving' : 'vllm-bench-serve',
    params: block.params,
    requests: { total: completed! + (failed ?? 0), succeeded: completed!, failed: failed ?? 0 },
    ...(durationS !== undefined ? { durationS } : {}),
    throughput: {
      requestsPerS: requestsPerS!,
      ...(outputTokensPerS !== undefined ? { outputTokensPerS } : {}),
      ...(totalTokensPerS !== undefined ? { totalTokensPerS } : {}),
    },
    latency,
    ...(decodePerS ? { tokens: { decodePerS } } : {}),
  };
}

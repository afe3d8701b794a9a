import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServingBenchmark } from '../records.js';
import type { Adapter, ParseResult } from './types.js';

const ID = 'fastdeploy-benchmark-console';
const HEADER = /^\s*=+ Serving Benchmark Result =+\s*$/;
const FOOTER = /^\s*={50}\s*$/;
/** `Successful requests:   1000` — the label is padded to 40 columns, the value to 10. */
const ROW = /^\s*(.+?:)\s+(\S+)\s*$/;
const STAT_ROW = /^(Mean|Median|P\d+(?:\.\d+)?) (TTFT|TPOT|ITL|E2EL) \(ms\):$/;
/** Printed just before the block, unrounded (the block rounds to 2 decimals). */
const RAW_DURATION = /^\s*benchmark_duration:\s*([\d.]+(?:[eE][+-]?\d+)?)\s*秒/;

interface Row {
  value: string;
  line: number;
  column: number;
}
interface Block {
  headerLine: number;
  rows: Map<string, Row>;
  stats: Set<string>;
  closed: boolean;
  rawDurationS?: number;
}

/**
 * The console summary of FastDeploy `benchmark_serving.py` (FORMATS.md 1a), e.g. a saved
 * terminal log. The summary prints mean/median/percentiles but never std or max, which the
 * record's latency statistics require, so latency is left out (with a warning naming what was
 * printed); the --save-result JSON has them. vLLM prints the same block plus `Failed requests:`;
 * such a block is recorded as tool `vllm-bench-serve`.
 */
export const adapter: Adapter = {
  id: ID,
  kind: 'serving-benchmark',
  title: 'FastDeploy / vLLM `benchmark_serving` console summary (saved terminal output)',
  recognisedBy: 'a `===== Serving Benchmark Result =====` line followed by `label:  value` rows',
  extracts: 'successful (and failed) requests, duration, req/s, output and total tok/s (last block when several)',

  detect(input) {
    return input.head.split(/\r?\n/).some((l) => HEADER.test(l)) ? 0.85 : 0;
  },

  async parse(input) {
    const blocks: Block[] = [];
    let current: Block | undefined;
    let rawDurationS: number | undefined;
    let lineNo = 0;
    for await (const text of input.lines()) {
      lineNo++;
      if (HEADER.test(text)) {
        current = { headerLine: lineNo, rows: new Map(), stats: new Set(), closed: false, ...(rawDurationS !== undefined ? { rawDurationS } : {}) };
        blocks.push(current);
        rawDurationS = undefined;
      } else if (current && FOOTER.test(text)) {
        current.closed = true;
        current = undefined;
      } else if (current) {
        addRow(current, text, lineNo);
      } else {
        const m = RAW_DURATION.exec(text);
        if (m) rawDurationS = Number(m[1]);
      }
    }
    return toResult(blocks, input.displayPath, lineNo);
  },
};

function addRow(block: Block, text: string, line: number): void {
  const m = ROW.exec(text);
  if (!m) return;
  const label = m[1]!;
  const stat = STAT_ROW.exec(label);
  if (stat) block.stats.add(`${stat[2]!.toLowerCase()} ${stat[1]!.toLowerCase()}`);
  else block.rows.set(label, { value: m[2]!, line, column: text.lastIndexOf(m[2]!) + 1 });
}

function toResult(blocks: Block[], file: string, lines: number): ParseResult {
  const block = blocks[blocks.length - 1];
  if (!block) {
    return { diagnostics: [error(`${ID}.no-summary`, "no benchmark summary: expected a line '============ Serving Benchmark Result ============'", { file, line: Math.max(1, lines), column: 1 })] };
  }
  const diagnostics: Diagnostic[] = [];
  const at = { file, line: block.headerLine, column: 1 };
  if (blocks.length > 1) diagnostics.push(warning(`${ID}.several-summaries`, `${blocks.length} summaries found: a record holds one run, so the last one (line ${block.headerLine}) is used`, at));
  if (!block.closed) diagnostics.push(warning(`${ID}.unterminated`, 'the summary has no closing line of 50 "=" (log cut short?): rows read up to the end of the file', at));

  const num = (label: string, required: boolean): number | undefined => {
    const row = block.rows.get(label);
    if (!row) {
      if (required) diagnostics.push(error(`${ID}.missing-row`, `the summary has no '${label}' row`, at));
      return undefined;
    }
    const n = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(row.value) ? Number(row.value) : NaN;
    if (Number.isNaN(n)) diagnostics.push(error(`${ID}.bad-value`, `'${label}': expected a number >= 0, found '${row.value}'`, { file, line: row.line, column: row.column }));
    return Number.isNaN(n) ? undefined : n;
  };
  const completed = num('Successful requests:', true);
  const failed = num('Failed requests:', false);
  const durationS = block.rawDurationS ?? num('Benchmark duration (s):', true);
  const requestsPerS = num('Request throughput (req/s):', true);
  const outputTokensPerS = num('Output token throughput (tok/s):', false);
  const totalTokensPerS = num('Total Token throughput (tok/s):', false);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  if (failed === undefined) diagnostics.push(warning(`${ID}.failures-unknown`, 'the FastDeploy summary does not print failed requests: counted as 0', at));
  if (block.stats.size > 0) {
    diagnostics.push(
      warning(`${ID}.latency-not-recorded`, `the summary prints ${[...block.stats].join(', ')} but no std or max, which latency statistics need: latency left out (use the --save-result JSON)`, at),
    );
  }
  const record: ServingBenchmark = {
    kind: 'serving-benchmark',
    tool: failed === undefined ? 'fastdeploy-benchmark-serving' : 'vllm-bench-serve',
    params: {},
    requests: { total: completed! + (failed ?? 0), succeeded: completed!, failed: failed ?? 0 },
    ...(durationS !== undefined ? { durationS } : {}),
    throughput: {
      requestsPerS: requestsPerS!,
      ...(outputTokensPerS !== undefined ? { outputTokensPerS } : {}),
      ...(totalTokensPerS !== undefined ? { totalTokensPerS } : {}),
    },
    latency: {},
  };
  return { record, diagnostics };
}

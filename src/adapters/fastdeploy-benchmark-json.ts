import { error } from '../diagnostics/diagnostic.js';
import { isObject } from '../util/json.js';
import { DocReader, describe, failedAt, readPerRequest, servingResultTool, servingRecord, type MetricSamples, type PerRequest } from './_serving-json.js';
import type { Adapter } from './types.js';

const ID = 'fastdeploy-benchmark-json';
const PARAM_KEYS = ['backend', 'request_rate', 'burstiness', 'max_concurrency', 'num_prompts'];
/** String-valued keys the tool writes itself; every other top-level string is `--metadata`. */
const OWN_STRING_KEYS = new Set(['date', 'backend', 'model_id', 'tokenizer_id', 'request_rate']);

/**
 * FastDeploy `benchmarks/benchmark_serving.py --save-result` (docs/architecture.md, formats 1a). Per request the
 * file has `ttfts` and `itls` (s) but no latencies, so tpot and e2el appear only when the file
 * states every statistic (e.g. `--metric-percentiles 50,90,95,99,100`); ttft and itl are
 * completed from the samples (itl samples are per token and not kept in the record).
 */
/**
 * Per-request texts and metric dicts the record does not use: the bulk of a large result file.
 * Over 64 MiB they are dropped while streaming instead of being held in memory.
 */
const UNUSED_KEYS = ['input_texts', 'generated_texts', 'reasoning_contents', 'metrics'];

export const adapter: Adapter = {
  id: ID,
  kind: 'serving-benchmark',
  title: 'FastDeploy `benchmark_serving.py --save-result` JSON',
  recognisedBy: 'JSON object with `model_id`, `request_throughput` and FastDeploy\'s own keys (`reasoning_lens`, `infer_input_lens`, `res_ttfts`, `mean_s_*`), no `failed` key',
  extracts:
    'requests (failures from `errors`, with their summary), duration, req/s and tok/s, ttft/tpot/itl/e2el mean, median, std and every stated percentile (p50..p99, p99.9) kept as stated, the rest computed from `ttfts`/`itls` and marked so; params + `--metadata`',
  cannotKnow:
    'max and min (never written); statistics of metrics not selected with `--percentile-metrics` (tpot, e2el) beyond what `ttfts`/`itls` give; prompt lengths (`input_lens` holds cached tokens)',

  detect(input) {
    return servingResultTool(input.head) === 'fastdeploy' ? 0.95 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const parsed = await input.json(UNUSED_KEYS);
    if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
    if (!isObject(parsed.value)) {
      return { diagnostics: [error(`${ID}.not-an-object`, `expected one JSON object (the --save-result file), found ${describe(parsed.value)}`, { file, pointer: '' })] };
    }
    const r = new DocReader(parsed.value, ID, { file });
    const perRequest = readPerRequest(r);
    const record = servingRecord(
      r,
      'fastdeploy-benchmark-serving',
      PARAM_KEYS,
      OWN_STRING_KEYS,
      (completed) => counts(perRequest, r.doc.num_prompts, completed),
      (completed) => samples(perRequest, completed, r),
    );
    return record ? { record, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
  },
};

/** Failures come from `errors` (there is no failed count); without it, num_prompts - completed. */
function counts(p: PerRequest, numPrompts: unknown, completed: number) {
  if (p.errors) return { total: p.errors.length, failed: p.errors.filter((_, i) => failedAt(p.errors, i)).length };
  const total = Math.max(typeof numPrompts === 'number' ? numPrompts : 0, completed);
  return { total, failed: total - completed };
}

/**
 * Samples (ms) of the requests the tool's statistics cover: no error, and (when `output_lens`
 * lines up with `ttfts`) a non-zero output. `output_lens` is shorter when zero-token successes
 * were skipped; it is then not used. `input_lens` is never used: for openai-chat it holds cached
 * tokens, not prompt lengths. When the count differs from `completed` the samples are a
 * different population (`--drop-ratio`, zero-token successes) and are not used.
 */
function samples(p: PerRequest, completed: number, r: DocReader): MetricSamples {
  if (!p.ttfts) return {};
  const n = p.ttfts.length;
  const aligned = p.outputLens?.length === n;
  const idx = [...Array(n).keys()].filter((i) => !failedAt(p.errors, i) && (!aligned || p.outputLens![i]! > 0));
  if (idx.length !== completed) {
    r.warn(
      'samples-mismatch',
      `${idx.length} successful requests in 'ttfts' but 'completed' is ${completed} (zero-token successes, or --drop-ratio): statistics the file does not state are not computed`,
      'ttfts',
    );
    return {};
  }
  const ms = (s: number) => s * 1000;
  return {
    ttft: { ms: idx.map((i) => ms(p.ttfts![i]!)), keep: true },
    ...(p.itls?.length === n ? { itl: { ms: idx.flatMap((i) => p.itls![i]!.map(ms)), keep: false } } : {}),
  };
}

import { error } from '../diagnostics/diagnostic.js';
import type { ServingBenchmark } from '../records.js';
import { describeSamples } from '../stats/descriptive.js';
import { isObject } from '../util/json.js';
import { DocReader, describe, type Doc } from './_serving-json.js';
import type { Adapter } from './types.js';

const ID = 'paddleocr-vl-benchmark';
const CONFIG_PARAMS = ['batch_size', 'device', 'process_per_gpu', 'gpu_ids', 'paddlex_config_path', 'input_dirs'];

/**
 * FastDeploy `benchmarks/paddleocr_vl/` results (docs/architecture.md, formats 1c): `benchmark.py`'s flat
 * `benchmark.json` and the MetaX `ocr_benchmark.py` `benchmark_results.json`
 * (`{config, metrics, gpu_history}`). A request is one batch (one pipeline call):
 * total = ceil(total_files / batch_size), succeeded = `successful_files` (a batch count despite
 * the name), e2el = `duration_list` per batch. durationS = total_files / throughput_file.
 * GPU samples in the file are not part of this record (use a GPU-sampling input for them).
 */
export const adapter: Adapter = {
  id: ID,
  kind: 'serving-benchmark',
  title: 'FastDeploy PaddleOCR-VL benchmark (`benchmark.json`, MetaX `benchmark_results.json`)',
  recognisedBy: 'JSON with `throughput_file` and `avg_latency_batch` (top level or under `metrics`)',
  extracts: 'batches as requests, per-batch latency stats, duration, batches/s, tokens/s (not when generated_tokens is 0), batch size and config as params',
  cannotKnow:
    'per-request latency (only per batch); tokens when `generated_tokens` is 0 (MetaX variant: not measured)',

  detect(input) {
    const h = input.head.replace(/^\uFEFF?\s*/, '');
    return h.startsWith('{') && /"throughput_file"\s*:/.test(h) && /"avg_latency_batch"\s*:/.test(h) ? 0.95 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const parsed = await input.json();
    if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
    const doc = parsed.value;
    if (!isObject(doc)) return { diagnostics: [error(`${ID}.not-an-object`, `expected a JSON object, found ${describe(doc)}`, { file, pointer: '' })] };
    // The MetaX variant nests the numbers under `metrics` and the arguments under `config`.
    const nested = isObject(doc.metrics);
    const config = nested && isObject(doc.config) ? doc.config : doc;
    const r = new DocReader(nested ? (doc.metrics as Doc) : doc, ID, { file }, nested ? ['metrics'] : []);
    const record = toRecord(r, config);
    return record ? { record, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
  },
};

function toRecord(r: DocReader, config: Doc): ServingBenchmark | undefined {
  const totalFiles = r.number('total_files', true);
  const filesPerS = r.number('throughput_file', true);
  const successful = r.number('successful_files', false);
  const tokensPerS = r.number('throughput_token', false);
  const generated = r.number('generated_tokens', false);
  const durations = r.array('duration_list', (x): x is number => typeof x === 'number' && x >= 0, 'a batch duration in seconds >= 0');
  const batchSize = typeof config.batch_size === 'number' && config.batch_size >= 1 ? config.batch_size : 1;
  if (r.diagnostics.some((d) => d.severity === 'error')) return undefined;

  const total = Math.ceil(totalFiles! / batchSize);
  const succeeded = Math.min(total, successful ?? durations?.length ?? total);
  if (successful === undefined && durations === undefined) r.warn('failures-unknown', 'the file records no successful-batch count: every batch is counted as successful', 'total_files');
  const durationS = filesPerS! > 0 ? totalFiles! / filesPerS! : undefined;
  if (generated === 0) r.warn('tokens-not-measured', 'generated_tokens is 0 (the MetaX script does not count tokens): output tokens/s not measured', 'generated_tokens');
  if (durations === undefined) r.warn('latency-not-recorded', "no per-batch 'duration_list': only the average batch latency is stated, so latency is left out", 'avg_latency_batch');
  return {
    kind: 'serving-benchmark',
    tool: 'paddleocr-vl-benchmark',
    params: params(config),
    requests: { total, succeeded, failed: total - succeeded },
    ...(durationS !== undefined ? { durationS } : {}),
    throughput: {
      requestsPerS: durationS ? succeeded / durationS : 0,
      ...(tokensPerS !== undefined && generated !== undefined && generated > 0 ? { outputTokensPerS: tokensPerS } : {}),
    },
    latency: durations && durations.length > 0 ? { e2el: describeSamples(durations.map((s) => s * 1000)) } : {},
  };
}

/** Run arguments; lists (input_dirs, gpu_ids) are joined with commas to stay scalar. */
function params(config: Doc): ServingBenchmark['params'] {
  const out: ServingBenchmark['params'] = {};
  for (const k of CONFIG_PARAMS) {
    const v = config[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) out[k] = v.join(',');
  }
  return out;
}

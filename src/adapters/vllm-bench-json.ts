import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isObject, parseJson } from '../util/json.js';
import { splitLines } from '../util/text.js';
import { DocReader, describe, failedAt, readPerRequest, servingResultTool, servingRecord, type Doc, type MetricSamples, type PerRequest } from './_serving-json.js';
import type { ServingBenchmark } from '../records.js';
import { joinRuns } from './_serving-runs.js';
import type { Adapter } from './types.js';

const ID = 'vllm-bench-json';
const PARAM_KEYS = ['backend', 'endpoint_type', 'label', 'request_rate', 'burstiness', 'max_concurrency', 'num_prompts'];
const OWN_STRING_KEYS = new Set(['date', 'model_id', 'tokenizer_id', ...PARAM_KEYS]);

/**
 * vLLM `vllm bench serve --save-result` (docs/architecture.md, formats 1b). With `--save-detailed` the file has
 * `ttfts`, `itls`, `latencies` and `output_lens` per request, so every metric (tpot too:
 * (latency - ttft) / (output_len - 1), as vLLM computes it) can be completed from samples.
 * Result files concatenated one per line (older `benchmark_serving.py` appends each run) keep
 * every run in `runs`, with its line; the record's own fields are the last run's.
 */
export const adapter: Adapter = {
  id: ID,
  kind: 'serving-benchmark',
  title: 'vLLM `vllm bench serve --save-result` JSON (also one result per line)',
  recognisedBy: 'JSON object (or one per line) with `model_id`, `request_throughput` and a `failed` count, or (older `benchmark_serving.py`) none of FastDeploy\'s own keys',
  extracts:
    'every run of a one-per-line file (each with its line), requests (completed + failed), duration, req/s and tok/s, ttft/tpot/itl/e2el mean, median, std and every stated percentile (p99 by default, any `--metric-percentiles`) kept as stated, the rest computed from `--save-detailed` arrays and marked so; failure summary from `errors`; params + `--metadata`',
  cannotKnow:
    'max and min (never written); e2el unless `--percentile-metrics` names it or `--save-detailed` kept `latencies`; percentiles other than p99 unless `--metric-percentiles`',

  detect(input) {
    return servingResultTool(input.head) === 'vllm' ? 0.9 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const found = readRecords(await input.text(), file);
    if ('diagnostics' in found) return found;
    const diagnostics: Diagnostic[] = [];
    const read: { line: number; record: ServingBenchmark }[] = [];
    for (const { doc, line } of found.docs) {
      const r = new DocReader(doc, ID, found.docs.length > 1 ? { file, line, column: 1 } : { file });
      const perRequest = readPerRequest(r);
      const record = servingRecord(
        r,
        'vllm-bench-serve',
        PARAM_KEYS,
        OWN_STRING_KEYS,
        (completed) => counts(perRequest, r.doc.failed, completed),
        (completed) => samples(perRequest, completed, r),
      );
      diagnostics.push(...r.diagnostics);
      if (record) read.push({ line, record });
    }
    const record = joinRuns(read);
    // One unreadable run fails the file: a record that silently skipped a run would drop numbers.
    if (!record || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    return { record, diagnostics };
  },
};

type Found = { docs: { doc: Doc; line: number }[] } | { diagnostics: Diagnostic[] };

/** One JSON object, or one per line (older `benchmark_serving.py` appends each run to the file). */
function readRecords(text: string, file: string): Found {
  const whole = parseJson(text, file);
  if (whole.ok) return isObject(whole.value) ? { docs: [{ doc: whole.value, line: 1 }] } : notAnObject(whole.value, file, 1);
  const lines = splitLines(text)
    .map((t, k) => ({ t, line: k + 1 }))
    .filter((l) => l.t.trim() !== '');
  // A pretty-printed (multi-line) file that is broken is not JSON-lines: report it as a whole.
  if (lines.length < 2 || !parseJson(lines[0]!.t, file).ok) return { diagnostics: [whole.diagnostic] };
  const docs: { doc: Doc; line: number }[] = [];
  for (const { t, line } of lines) {
    const one = parseJson(t, file);
    if (!one.ok) return { diagnostics: [{ ...one.diagnostic, line, message: `${one.diagnostic.message} (result on line ${line})` }] };
    if (!isObject(one.value)) return notAnObject(one.value, file, line);
    docs.push({ doc: one.value, line });
  }
  return { docs };
}

function notAnObject(v: unknown, file: string, line: number): Found {
  return { diagnostics: [error(`${ID}.not-an-object`, `expected a JSON object (a --save-result file), found ${describe(v)}`, { file, line, column: 1 })] };
}

/** vLLM states `failed`; older files without it fall back to `errors`. */
function counts(p: PerRequest, failed: unknown, completed: number) {
  if (typeof failed === 'number' && Number.isInteger(failed) && failed >= 0) return { total: completed + failed, failed };
  const f = p.errors ? p.errors.filter((_, i) => failedAt(p.errors, i)).length : 0;
  return { total: completed + f, failed: f };
}

/** Samples (ms) of the successful requests, when they are exactly the `completed` ones. */
function samples(p: PerRequest, completed: number, r: DocReader): MetricSamples {
  const n = p.ttfts?.length ?? p.latencies?.length;
  if (n === undefined) return {};
  const idx = [...Array(n).keys()].filter((i) => !failedAt(p.errors, i));
  if (idx.length !== completed) {
    r.warn('samples-mismatch', `${idx.length} successful requests in the per-request arrays but 'completed' is ${completed}: statistics the file does not state are not computed`, 'errors');
    return {};
  }
  const ms = (s: number) => s * 1000;
  const aligned = (a: unknown[] | undefined) => a !== undefined && a.length === n;
  const out: MetricSamples = {};
  if (aligned(p.ttfts)) out.ttft = { ms: idx.map((i) => ms(p.ttfts![i]!)), keep: true };
  if (aligned(p.latencies)) out.e2el = { ms: idx.map((i) => ms(p.latencies![i]!)), keep: true };
  if (aligned(p.itls)) out.itl = { ms: idx.flatMap((i) => p.itls![i]!.map(ms)), keep: false };
  if (aligned(p.ttfts) && aligned(p.latencies) && aligned(p.outputLens)) {
    const multi = idx.filter((i) => p.outputLens![i]! > 1);
    out.tpot = { ms: multi.map((i) => ms((p.latencies![i]! - p.ttfts![i]!) / (p.outputLens![i]! - 1))), keep: true };
  }
  return out;
}

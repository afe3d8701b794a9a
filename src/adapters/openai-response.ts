import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { RequestResult } from '../records.js';
import { MAX_TEXT_BYTES } from '../evidence/artifact.js';
import { describeValue, isObject, parseJson, pointer } from '../util/json.js';
import { splitLines, stripBom } from '../util/text.js';
import { firstChars } from './_log-lines.js';
import type { Adapter, ArtifactInput, ParseResult } from './types.js';

/**
 * One saved request result from an OpenAI-compatible server (FastDeploy `/v1/chat/completions`,
 * `/v1/completions`), in the shapes contributors keep:
 *  - the response body as is (`{"id":"chatcmpl-…","object":"chat.completion","choices":[…],"usage":{…}}`);
 *  - the body wrapped by their script: `{"request":{…},"status":200,"latency_s":1.23,"response":{…}}`
 *    (`latency_ms`, `endpoint`/`url` also read);
 *  - an error body (`{"error":{"message":…}}` or FastDeploy's `{"object":"error","message":…,"code":400}`);
 *  - a saved stream (`data: {…chat.completion.chunk…}` lines, `data: [DONE]`).
 * ok = no error body, wrapper status < 400, and choices present.
 */
const EXCERPT_CHARS = 200;

type Where = (string | number)[];
type Found = Omit<RequestResult, 'kind' | 'tool' | 'ok'> & { ok: boolean };

class Reader {
  readonly problems: Diagnostic[] = [];
  constructor(private readonly file: string) {}

  fail(id: string, message: string, at: Where): void {
    this.problems.push(error(`openai-response.${id}`, message, { file: this.file, pointer: pointer(...at) }));
  }

  /** An optional non-negative number (or integer) at `o[key]`. */
  number(o: Record<string, unknown>, key: string, at: Where, integer = false): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    const good = typeof v === 'number' && Number.isFinite(v) && v >= 0 && (!integer || Number.isInteger(v));
    if (good) return v;
    this.fail('wrong-type', `\`${key}\` must be ${integer ? 'an integer' : 'a number'} >= 0, found ${describeValue(v)}`, [...at, key]);
    return undefined;
  }

  string(o: Record<string, unknown>, key: string, at: Where): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.fail('wrong-type', `\`${key}\` must be a string, found ${describeValue(v)}`, [...at, key]);
    return undefined;
  }
}

/** Text of a message content: a string, or the text parts of a content array. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.filter((p) => isObject(p) && typeof p.text === 'string').map((p) => (p as { text: string }).text);
    return parts.length > 0 ? parts.join('') : undefined;
  }
  return undefined;
}

function errorMessage(body: Record<string, unknown>): { message: string; code?: unknown } | undefined {
  if (isObject(body.error)) return { message: String(body.error.message ?? ''), code: body.error.code };
  if (body.object === 'error') return { message: String(body.message ?? ''), code: body.code };
  return undefined;
}

/** The response body: usage, model, first choice's text, or an error. */
function readBody(r: Reader, body: Record<string, unknown>, at: Where): Found {
  const err = errorMessage(body);
  if (err) {
    const code = typeof err.code === 'number' && Number.isInteger(err.code) && err.code >= 100 && err.code <= 599 ? err.code : undefined;
    return { ok: false, ...(code !== undefined && { httpStatus: code }), ...(err.message && { excerpt: firstChars(err.message, EXCERPT_CHARS) }) };
  }
  const found: Found = { ok: true };
  const model = r.string(body, 'model', at);
  if (model !== undefined) found.model = model;
  const choices = body.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    r.fail('missing-choices', `expected \`choices\`: a non-empty array of completions, found ${choices === undefined ? 'no `choices` key' : JSON.stringify(choices).slice(0, 60)}`, [...at, 'choices']);
    return found;
  }
  const first: unknown = choices[0];
  const text = isObject(first) ? (isObject(first.message) ? contentText(first.message.content) : contentText(first.text)) : undefined;
  if (text !== undefined) found.excerpt = firstChars(text, EXCERPT_CHARS);
  if (isObject(body.usage)) {
    const prompt = r.number(body.usage, 'prompt_tokens', [...at, 'usage'], true);
    const completion = r.number(body.usage, 'completion_tokens', [...at, 'usage'], true);
    if (prompt !== undefined) found.promptTokens = prompt;
    if (completion !== undefined) found.completionTokens = completion;
  }
  return found;
}

/** A contributor's wrapper around the body: status, latency and endpoint come from it. */
function readWrapper(r: Reader, o: Record<string, unknown>): Found {
  const response = o.response;
  const found: Found = isObject(response) ? readBody(r, response, ['response']) : { ok: false };
  if (!isObject(response) && response !== undefined && response !== null && typeof response !== 'string') {
    r.fail('wrong-type', `\`response\` must be the response JSON object, found ${JSON.stringify(response).slice(0, 60)}`, ['response']);
  }
  // A failed request saved by the script: the body was text (an HTML error page) or an error string.
  const text = typeof response === 'string' && response !== '' ? response : typeof o.error === 'string' && o.error !== '' ? o.error : undefined;
  if (text !== undefined) found.excerpt = firstChars(text, EXCERPT_CHARS);
  if (typeof o.error === 'string' && o.error !== '') found.ok = false;
  const status = r.number(o, 'status', [], true) ?? r.number(o, 'status_code', [], true);
  if (status !== undefined) {
    if (status < 100 || status > 599) r.fail('bad-status', `\`status\` must be an HTTP status 100-599, found ${status}`, ['status']);
    else {
      found.httpStatus = status;
      if (status >= 400) found.ok = false;
    }
  }
  const ms = r.number(o, 'latency_ms', []);
  const s = r.number(o, 'latency_s', []);
  if (ms !== undefined) found.latencyMs = ms;
  else if (s !== undefined) found.latencyMs = s * 1000;
  const endpoint = r.string(o, 'endpoint', []) ?? r.string(o, 'url', []);
  if (endpoint !== undefined) found.endpoint = endpoint;
  return found;
}

function result(tool: string, found: Found, problems: Diagnostic[]): ParseResult {
  if (problems.length > 0) return { diagnostics: problems };
  const { ok, ...rest } = found;
  const record: RequestResult = { kind: 'request-result', tool, ok };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (record as unknown as Record<string, unknown>)[k] = v;
  return { record, diagnostics: [] };
}

function parseJsonShape(input: ArtifactInput, text: string): ParseResult {
  const r = new Reader(input.displayPath);
  const parsed = parseJson(text, input.displayPath);
  if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
  const o = parsed.value;
  if (!isObject(o)) {
    r.fail('not-object', 'expected a JSON object: a chat.completion response or `{"request":…,"status":200,"response":{…}}`', []);
    return { diagnostics: r.problems };
  }
  const wrapped = !('choices' in o) && errorMessage(o) === undefined && ('response' in o || 'request' in o);
  return result('openai-api', wrapped ? readWrapper(r, o) : readBody(r, o, []), r.problems);
}

/** A saved stream: the chunks' deltas concatenated; usage from the chunk that carries it. */
function parseStream(input: ArtifactInput, text: string): ParseResult {
  const found: Found = { ok: true };
  let content = '';
  let chunks = 0;
  const lines = splitLines(stripBom(text));
  for (let i = 0; i < lines.length; i++) {
    const payload = /^data:\s*(.*)$/.exec(lines[i]!)?.[1]?.trim();
    if (payload === undefined || payload === '' || payload === '[DONE]') continue;
    const parsed = parseJson(payload, input.displayPath);
    if (!parsed.ok || !isObject(parsed.value)) {
      const column = (parsed.ok ? 1 : (parsed.diagnostic.column ?? 1)) + lines[i]!.indexOf(payload);
      return { diagnostics: [error('openai-response.bad-chunk', `expected a JSON chunk after \`data:\`, found \`${payload.slice(0, 60)}\``, { file: input.displayPath, line: i + 1, column })] };
    }
    const chunk = parsed.value;
    chunks++;
    const r = new Reader(input.displayPath);
    const err = errorMessage(chunk);
    if (err) return result('openai-api-stream', readBody(r, chunk, []), []);
    if (found.model === undefined && typeof chunk.model === 'string') found.model = chunk.model;
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    const piece = isObject(choice) ? (isObject(choice.delta) ? contentText(choice.delta.content) : contentText(choice.text)) : undefined;
    if (piece !== undefined) content += piece;
    if (isObject(chunk.usage)) {
      if (Number.isInteger(chunk.usage.prompt_tokens)) found.promptTokens = chunk.usage.prompt_tokens as number;
      if (Number.isInteger(chunk.usage.completion_tokens)) found.completionTokens = chunk.usage.completion_tokens as number;
    }
  }
  if (chunks === 0) {
    return { diagnostics: [error('openai-response.no-chunks', 'expected `data: {…}` chunk lines of a streamed response, found none', { file: input.displayPath, line: 1, column: 1 })] };
  }
  if (content !== '') found.excerpt = firstChars(content, EXCERPT_CHARS);
  return result('openai-api-stream', found, []);
}

const STREAM = /^data:\s*\{/m;

export const adapter: Adapter = {
  id: 'openai-response',
  kind: 'request-result',
  title: 'OpenAI-compatible response (`/v1/chat/completions`, `/v1/completions`; body, wrapped, error or stream)',
  recognisedBy:
    '`"object": "chat.completion"`/`"text_completion"` or a `chatcmpl-` id; `{"request":…,"response":…}` wrapper; `{"error":{"message":…}}`; `data: {…chat.completion.chunk…}` lines',
  extracts: 'ok, HTTP status and latency (wrapper), model, prompt/completion tokens, first 200 characters of the generated text',

  detect(input) {
    const h = stripBom(input.head).trimStart();
    if (h.startsWith('data:') && STREAM.test(h)) return /chat\.completion\.chunk|text_completion/.test(h) ? 0.9 : 0.3;
    if (!h.startsWith('{')) return 0;
    if (/"object"\s*:\s*"(chat\.completion|text_completion)"|"id"\s*:\s*"(chatcmpl|cmpl)-/.test(h)) return 0.9;
    if (/^\{\s*"request"\s*:/.test(h) && /"messages"\s*:|"prompt"\s*:/.test(h)) return 0.8;
    if (/"response"\s*:\s*\{/.test(h) && /"choices"\s*:/.test(h)) return 0.8;
    if (/"object"\s*:\s*"error"/.test(h)) return 0.6;
    return /^\{\s*"error"\s*:\s*\{/.test(h) && /"message"\s*:/.test(h) ? 0.5 : 0;
  },

  async parse(input) {
    if (input.size > MAX_TEXT_BYTES) {
      return { diagnostics: [error('openai-response.too-large', `a single response is small; this file has ${input.size} bytes`, { file: input.displayPath, line: 1, column: 1 })] };
    }
    const text = await input.text();
    return stripBom(text).trimStart().startsWith('data:') ? parseStream(input, text) : parseJsonShape(input, text);
  },
};

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServiceStatus } from '../records.js';
import { describeValue, isObject, parseJson, pointer } from '../util/json.js';
import { splitLines, stripBom } from '../util/text.js';
import type { Adapter, ArtifactInput, ParseResult } from './types.js';

/**
 * Saved `/health` probes, in the three shapes contributors keep:
 *  (a) `curl -i` (or `curl -v`) output: `HTTP/1.1 200 OK`, headers, empty body; an optional
 *      `$ curl -i http://.../health` command line first gives the endpoint;
 *  (b) JSON `{"endpoint":"/health","status":200,"time":"...","latency_ms":3.1}` (`url` for
 *      `endpoint`, `latency_s` for `latency_ms`, `timestamp` for `time` accepted);
 *  (c) a bare status code from `curl -s -o /dev/null -w '%{http_code}'` in a file named *health*.
 * FastDeploy answers 200 (empty body) when healthy, 404 or 304 otherwise: healthy = 200.
 */
const STATUS_LINE = /^(?:< )?HTTP\/\d(?:\.\d)? (\d{3})\b/;
const HEALTH_NAME = /health/i;
const CURL_FAILURE = /^curl: \(\d+\) .*/;
const MAX_BYTES = 1024 * 1024;

type Found = Pick<ServiceStatus, 'endpoint' | 'time'> & { httpStatus: number };

function record(tool: string, found: Found, latencyMs?: number): ServiceStatus {
  const r: ServiceStatus = { kind: 'service-status', tool, httpStatus: found.httpStatus, healthy: found.httpStatus === 200 };
  if (found.endpoint !== undefined) r.endpoint = found.endpoint;
  if (found.time !== undefined) r.time = found.time;
  if (latencyMs !== undefined) r.latencyMs = latencyMs;
  return r;
}

/** (a) and (c): the last status line wins (redirects, `100 Continue`). */
function parseText(input: ArtifactInput, text: string): ParseResult {
  const lines = splitLines(stripBom(text));
  const at = { file: input.displayPath };
  if (lines.length === 1 && /^\s*\d{3}\s*$/.test(lines[0]!)) {
    return statusResult(input, 'curl', { httpStatus: Number(lines[0]!.trim()) }, { ...at, line: 1, column: 1 });
  }
  let found: Found | undefined;
  let endpoint: string | undefined;
  let statusLine = 0;
  lines.forEach((line, i) => {
    const command = /\bcurl\b.*?\s(https?:\/\/\S+|'https?:\/\/[^']+'|"https?:\/\/[^"]+")/.exec(line);
    if (command && !found) endpoint = command[1]!.replace(/^['"]|['"]$/g, '');
    const request = /^> (?:GET|HEAD) (\S+) HTTP\//.exec(line);
    if (request) endpoint ??= request[1];
    const status = STATUS_LINE.exec(line);
    if (status) {
      found = { httpStatus: Number(status[1]) };
      statusLine = i + 1;
    }
    const date = /^(?:< )?date:\s*(.+)$/i.exec(line);
    if (date && found) found.time = date[1]!.trim();
  });
  if (!found) {
    const failure = lines.findIndex((l) => CURL_FAILURE.test(l));
    const message =
      failure >= 0
        ? `no HTTP response: curl reported \`${lines[failure]!.trim()}\` (the service was not reachable, so there is no status to record)`
        : 'no HTTP status line: expected `curl -i` output starting with `HTTP/1.1 200 OK`, JSON like `{"endpoint":"/health","status":200}`, or a bare status code';
    const line = failure >= 0 ? failure + 1 : 1;
    return { diagnostics: [error(failure >= 0 ? 'service-health.no-response' : 'service-health.no-status-line', message, { ...at, line, column: 1 })] };
  }
  if (endpoint !== undefined) found.endpoint = endpoint;
  return statusResult(input, 'curl', found, { ...at, line: statusLine, column: 1 });
}

/** Checks the code is an HTTP status before it enters the record. */
function statusResult(input: ArtifactInput, tool: string, found: Found, at: Partial<Diagnostic>, latencyMs?: number): ParseResult {
  if (!Number.isInteger(found.httpStatus) || found.httpStatus < 100 || found.httpStatus > 599) {
    return { diagnostics: [error('service-health.bad-status', `expected an HTTP status code 100-599, found ${found.httpStatus}`, { file: input.displayPath, ...at })] };
  }
  return { record: record(tool, found, latencyMs), diagnostics: [] };
}

function optionalString(o: Record<string, unknown>, keys: string[], file: string, problems: Diagnostic[]): string | undefined {
  for (const k of keys) {
    if (o[k] === undefined || o[k] === null) continue;
    if (typeof o[k] === 'string') return o[k];
    problems.push(error('service-health.wrong-type', `\`${k}\` must be a string, found ${JSON.stringify(o[k])}`, { file, pointer: pointer(k) }));
  }
  return undefined;
}

function latency(o: Record<string, unknown>, file: string, problems: Diagnostic[]): number | undefined {
  for (const [k, scale] of [['latency_ms', 1], ['latency_s', 1000]] as const) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v * scale;
    problems.push(error('service-health.wrong-type', `\`${k}\` must be a number >= 0, found ${describeValue(v)}`, { file, pointer: pointer(k) }));
  }
  return undefined;
}

/** (b): the small JSON a probe script writes. */
function parseJsonShape(input: ArtifactInput, text: string): ParseResult {
  const file = input.displayPath;
  const parsed = parseJson(text, file);
  if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
  const o = parsed.value;
  if (!isObject(o)) return { diagnostics: [error('service-health.not-object', 'expected a JSON object like `{"endpoint":"/health","status":200}`', { file, pointer: '' })] };
  const statusKey = ['status', 'http_status', 'status_code'].find((k) => o[k] !== undefined);
  const status = statusKey === undefined ? undefined : o[statusKey];
  if (typeof status !== 'number') {
    const found = status === undefined ? 'no `status` key' : `${JSON.stringify(status)}`;
    return { diagnostics: [error('service-health.missing-status', `expected \`status\`: the HTTP status code as a number (e.g. 200), found ${found}`, { file, pointer: pointer(statusKey ?? 'status') })] };
  }
  const problems: Diagnostic[] = [];
  const found: Found = { httpStatus: status, endpoint: optionalString(o, ['endpoint', 'url'], file, problems), time: optionalString(o, ['time', 'timestamp'], file, problems) };
  const ms = latency(o, file, problems);
  if (problems.length > 0) return { diagnostics: problems };
  return statusResult(input, 'health-json', found, { pointer: pointer(statusKey!) }, ms);
}

export const adapter: Adapter = {
  id: 'service-health',
  kind: 'service-status',
  title: 'Service health probe (`curl -i .../health`, probe JSON, `curl -w %{http_code}`)',
  recognisedBy: '`HTTP/1.1 NNN` status line with `/health` or a *health* file name; JSON with `status` and a `/health` endpoint; a bare status code in a *health* file',
  extracts: 'HTTP status, healthy (status 200), endpoint, time (Date header or `time`), latency',

  detect(input) {
    const h = stripBom(input.head).trimStart();
    const healthName = HEALTH_NAME.test(input.name);
    if (h.startsWith('{')) {
      if (!/"(status|http_status|status_code)"\s*:/.test(h) || /"choices"\s*:|"requests"\s*:/.test(h)) return 0;
      return /"(endpoint|url)"\s*:\s*"[^"]*health/.test(h) ? 0.9 : healthName ? 0.6 : 0;
    }
    if (/^(?:< )?HTTP\/\d(?:\.\d)? \d{3}/m.test(h)) return /\/health\b/.test(h) || healthName ? 0.9 : 0.3;
    if (healthName && (/^\s*\d{3}\s*$/.test(h) || CURL_FAILURE.test(h))) return 0.6;
    return 0;
  },

  async parse(input) {
    // A probe result is a few hundred bytes; anything large is not one (and must not be read whole).
    if (input.size > MAX_BYTES) {
      return { diagnostics: [error('service-health.too-large', `a health probe result is small; this file has ${input.size} bytes`, { file: input.displayPath, line: 1, column: 1 })] };
    }
    const text = await input.text();
    return stripBom(text).trimStart().startsWith('{') ? parseJsonShape(input, text) : parseText(input, text);
  },
};

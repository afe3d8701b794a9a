import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServiceLog, ServiceLogEvent } from '../records.js';
import type { Adapter } from './types.js';
import { shortMessage } from './_log-lines.js';

/**
 * FastDeploy `benchmarks/benchmark_serving.py` appends every failed request (and every success
 * with zero output tokens) to `./error_output.txt`, one Python `repr()` of the
 * `RequestFuncOutput` dataclass per line: `RequestFuncOutput(no=3, request_id='chatcmpl-…',
 * generated_text='', success=False, …, error='…', metrics={})`. Strings are Python reprs
 * (single quotes unless the text holds one, `\n` escaped), so each request stays on one line.
 */
const PREFIX = 'RequestFuncOutput(';
/** Enough to show what is wrong without flooding the report on a file of another kind. */
const MAX_DIAGNOSTICS = 20;

type Value = string | number | boolean | null | { raw: string };
class ReprError {
  constructor(
    readonly column: number,
    readonly message: string,
  ) {}
}

/** Decodes a Python string literal starting at `s[i]` (a quote); returns the text and the end. */
function pyString(s: string, i: number): { text: string; end: number } {
  const quote = s[i]!;
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (c === quote) return { text: out, end: j + 1 };
    if (c !== '\\') {
      out += c;
      j++;
      continue;
    }
    const n = s[j + 1];
    const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hex > 0) {
      const code = parseInt(s.slice(j + 2, j + 2 + hex), 16);
      out += Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      j += 2 + hex;
    } else {
      out += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[n ?? ''] ?? n ?? '';
      j += 2;
    }
  }
  throw new ReprError(i + 1, 'unterminated string (line cut short?)');
}

/** Skips a list/dict/tuple value, honouring nested brackets and strings; returns its end. */
function skipNested(s: string, i: number): number {
  const stack: string[] = [];
  const close: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
  let j = i;
  while (j < s.length) {
    const c = s[j]!;
    if (c === "'" || c === '"') {
      j = pyString(s, j).end;
      continue;
    }
    if (close[c]) stack.push(close[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return j + 1;
    }
    j++;
  }
  throw new ReprError(i + 1, `unclosed \`${s[i]}\` (line cut short?)`);
}

/** The `key=value` fields of one repr line. */
function fields(line: string): Map<string, Value> {
  const out = new Map<string, Value>();
  let i = PREFIX.length;
  for (;;) {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === ')') return out;
    const key = /^([A-Za-z_]\w*)=/.exec(line.slice(i));
    if (!key) {
      const rest = line.slice(i);
      const cut = rest === '' || !/[=)]/.test(rest) ? ' (line cut short?)' : '';
      throw new ReprError(i + 1, `expected \`name=value\` or \`)\`, found \`${rest.slice(0, 20) || 'end of line'}\`${cut}`);
    }
    i += key[0].length;
    const c = line[i];
    if (c === "'" || c === '"') {
      const { text, end } = pyString(line, i);
      out.set(key[1]!, text);
      i = end;
    } else if (c === '[' || c === '{' || c === '(') {
      const end = skipNested(line, i);
      out.set(key[1]!, { raw: line.slice(i, end) });
      i = end;
    } else {
      const atom = /^[^,)]*/.exec(line.slice(i))![0];
      const t = atom.trim();
      out.set(key[1]!, t === 'True' ? true : t === 'False' ? false : t === 'None' ? null : Number.isFinite(Number(t)) && t !== '' ? Number(t) : { raw: t });
      i += atom.length;
    }
    if (i >= line.length) throw new ReprError(i + 1, 'expected `)` closing RequestFuncOutput(...), found end of line (line cut short?)');
  }
}

/** The telling part of an error: a traceback's last line (the exception), else the text. */
function errorSummary(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return '(no error text)';
  return shortMessage(text.includes('Traceback (most recent call last)') ? lines[lines.length - 1]! : lines.join(' '));
}

function event(no: number, f: Map<string, Value>): ServiceLogEvent {
  const failed = f.get('success') !== true;
  const data: NonNullable<ServiceLogEvent['data']> = {};
  const reqNo = f.get('no');
  if (typeof reqNo === 'number') data.no = reqNo;
  const id = f.get('request_id');
  if (typeof id === 'string' && id !== '' && id !== 'None') data.requestId = id;
  const latency = f.get('latency');
  if (typeof latency === 'number' && latency > 0) data.latencyS = latency;
  const err = f.get('error');
  const message = failed ? errorSummary(typeof err === 'string' ? err : '') : 'request succeeded with 0 output tokens';
  const e: ServiceLogEvent = { code: failed ? 'request.failed' : 'request.no-output-tokens', line: no, message };
  if (Object.keys(data).length > 0) e.data = data;
  return e;
}

export const adapter: Adapter = {
  id: 'fastdeploy-error-output',
  kind: 'service-log',
  title: 'FastDeploy benchmark `error_output.txt` (failed requests as `RequestFuncOutput(...)` reprs)',
  recognisedBy: 'lines starting with `RequestFuncOutput(`; the name `error_output.txt` as a weak hint',
  extracts: 'one `request.failed` event per failed request (exception or error body), `request.no-output-tokens` for empty successes; failed count as errors',

  detect(input) {
    if (input.head.trimStart().startsWith(PREFIX)) return 0.95;
    return /^error_output.*\.txt$/i.test(input.name) ? 0.4 : 0;
  },

  async parse(input) {
    const record: ServiceLog = { kind: 'service-log', tool: 'text', lines: 0, errors: 0, warnings: 0, events: [] };
    const diagnostics: Diagnostic[] = [];
    for await (const raw of input.lines()) {
      if (diagnostics.length >= MAX_DIAGNOSTICS) break;
      const no = ++record.lines;
      if (raw.trim() === '') continue;
      const line = raw.trimStart();
      const indent = raw.length - line.length;
      const at = (column: number) => ({ file: input.displayPath, line: no, column: column + indent });
      if (!line.startsWith(PREFIX)) {
        diagnostics.push(error('fastdeploy-error-output.not-repr', `expected a \`RequestFuncOutput(...)\` line, found \`${line.slice(0, 40)}\``, at(1)));
        continue;
      }
      try {
        const e = event(no, fields(line));
        if (e.code === 'request.failed') record.errors++;
        else record.warnings++;
        record.events.push(e);
      } catch (err) {
        if (!(err instanceof ReprError)) throw err;
        diagnostics.push(error('fastdeploy-error-output.bad-repr', err.message, at(err.column)));
      }
    }
    if (diagnostics.length > 0) return { diagnostics };
    return { record, diagnostics };
  },
};

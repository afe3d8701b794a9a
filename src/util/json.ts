import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { lineColumnAt, stripBom } from './text.js';

export type JsonParse = { ok: true; value: unknown } | { ok: false; diagnostic: Diagnostic };

/**
 * JSON.parse with a diagnostic that names line and column. V8's messages do not always carry a
 * position (Node 20 omits it for an unexpected token), so on failure a small grammar walk finds
 * the first offending offset. The walk only runs on the error path.
 */
export function parseJson(text: string, file: string): JsonParse {
  const body = stripBom(text);
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    const found = locateJsonError(body) ?? { offset: body.length, message: (e as Error).message };
    const { line, column } = lineColumnAt(body, found.offset);
    return { ok: false, diagnostic: error('json.syntax', `invalid JSON: ${found.message}`, { file, line, column }) };
  }
}

/** First syntax error in `s` as an offset and a reason, or undefined when `s` is valid JSON. */
export function locateJsonError(s: string): { offset: number; message: string } | undefined {
  let i = 0;
  class Fail {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const fail = (message: string, at = i): never => {
    throw new Fail(at, message);
  };
  const describe = (at: number) => (at >= s.length ? 'end of input (truncated file?)' : `'${s[at]}'`);
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  };
  const str = () => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const n = s[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) fail('bad \\u escape in string', i);
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else fail('bad escape in string', i);
      } else if (c < 0x20) fail('control character in string (unescaped newline?)');
      else i++;
    }
    fail('unterminated string: end of input (truncated file?)');
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m || m[0] === '-') fail(`unexpected ${describe(i)}, expected a value`);
    i += m![0].length;
  };
  const key = () => {
    ws();
    if (s[i] !== '"') fail(`unexpected ${describe(i)}, expected a property name in double quotes`);
    str();
    ws();
    if (s[i] !== ':') fail(`unexpected ${describe(i)}, expected ':'`);
    i++;
  };
  // Iterative, with the open containers on a stack: any nesting depth gives a position, never a stack overflow.
  const value = (): void => {
    const open: ('{' | '[')[] = [];
    for (;;) {
      ws();
      const c = s[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (s[i] !== (c === '{' ? '}' : ']')) {
          open.push(c);
          if (c === '{') key();
          continue;
        }
        i++;
      } else if (c === '"') str();
      else if (c === 't' || c === 'f' || c === 'n') {
        const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
        if (s.slice(i, i + word.length) !== word) fail(`unexpected ${describe(i)}, expected a value`);
        i += word.length;
      } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
      else fail(`unexpected ${describe(i)}, expected a value`);
      // A value is complete: close what it completes, or go on to the next element.
      for (;;) {
        const top = open.at(-1);
        if (top === undefined) return;
        ws();
        const close = top === '{' ? '}' : ']';
        if (s[i] === ',') {
          i++;
          if (top === '{') key();
          break;
        }
        if (s[i] !== close) fail(`unexpected ${describe(i)}, expected ',' or '${close}'`);
        i++;
        open.pop();
      }
    }
  };
  try {
    value();
    ws();
    if (i < s.length) fail(`unexpected ${describe(i)} after the end of the JSON value (several records in one file?)`);
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, message: e.message };
    throw e;
  }
}

/** RFC 6901 pointer from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A JSON value as a diagnostic quotes it: scalars as JSON (strings cut at 40 characters),
 * containers by their size. Never the whole value: it may be megabytes long or nested deeper
 * than JSON.stringify can go.
 */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildRecord, columnsOf, isFailed, type LatencyRequest, type LatencyRun } from './_request-latencies.js';
import type { Adapter, ParseResult } from './types.js';
import { findLine } from '../util/text.js';
import { splitCsvLine, type CsvCell } from '../util/csv-line.js';

const ID = 'request-latencies-csv';
/** Enough to show a pattern; a file with thousands of bad rows should not flood the report. */
const MAX_ERRORS = 20;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Cells of a line (util/csv-line.ts, the one CSV splitter); a line it cannot split has none. */
function splitCsv(line: string): CsvCell[] {
  const split = splitCsvLine(line);
  return split.ok ? split.cells : [];
}

/** A contributor's own per-request timings as CSV with `# key=value` parameter comments (docs/architecture.md, formats 1d). */
export const adapter: Adapter = {
  id: ID,
  kind: 'serving-benchmark',
  title: "Request latencies CSV (a contributor's own timing script)",
  recognisedBy: 'CSV whose header (after optional `# key=value` lines) has a `latency_s` or `latency_ms` column',
  extracts: 'e2e latency stats (ms) of succeeded requests, request counts, duration, req/s, phases by `phase` column, params from `#` comments, model',
  cannotKnow:
    'ttft, tpot, itl (only end-to-end latency is timed)',

  detect(input) {
    const header = findLine(input.headLines(), (l) => l.trim() !== '' && !l.startsWith('#'));
    if (header !== undefined && !header.trimStart().startsWith('{') && latencyColumn(splitCsv(header).map((c) => c.value)) !== undefined) return 0.9;
    return /latenc/i.test(input.name) && /\.csv$/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const file = input.displayPath;
    const reader = new CsvReader(file);
    let lineNo = 0;
    for await (const line of input.lines()) {
      lineNo++;
      if (!reader.line(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line, lineNo)) break;
    }
    return reader.finish(lineNo);
  },
};

/** `latency_ms` when present (no conversion needed), else `latency_s`. */
function latencyColumn(names: string[]): 'latency_ms' | 'latency_s' | undefined {
  return names.includes('latency_ms') ? 'latency_ms' : names.includes('latency_s') ? 'latency_s' : undefined;
}

/** Line-by-line state: parameter comments, then the header, then one request per row. */
class CsvReader {
  private readonly run: Omit<LatencyRun, 'requests'> & { requests: LatencyRequest[] } = { params: {}, requests: [] };
  private readonly diagnostics: Diagnostic[] = [];
  private columns?: Map<string, number>;
  private latency?: 'latency_ms' | 'latency_s';
  private headerLine = 0;
  private errors = 0;

  constructor(private readonly file: string) {}

  /** Consume one line; false once the file cannot be read further (no usable header). */
  line(text: string, lineNo: number): boolean {
    if (text.trim() === '') return true;
    if (text.startsWith('#')) {
      if (!this.columns) this.comment(text, lineNo);
      return true;
    }
    if (!this.columns) return this.header(text, lineNo);
    this.row(text, lineNo);
    return true;
  }

  finish(lastLine: number): ParseResult {
    if (!this.columns && this.errors === 0) {
      this.fail('missing-column', "no header row: expected a CSV header with a 'latency_s' or 'latency_ms' column", Math.max(lastLine, 1), 1);
    } else if (this.columns && this.run.requests.length === 0 && this.errors === 0) {
      this.fail('no-requests', `no request rows after the header on line ${this.headerLine}: expected at least one row`, this.headerLine, 1);
    }
    if (this.errors > MAX_ERRORS) {
      this.diagnostics.push({ id: `${ID}.more-errors`, severity: 'note', file: this.file, message: `${this.errors - MAX_ERRORS} more errors not shown` });
    }
    if (this.errors > 0) return { diagnostics: this.diagnostics };
    const built = buildRecord({ ...this.run, requests: columnsOf(this.run.requests) }, ID, this.file);
    return { record: built.record, diagnostics: [...this.diagnostics, ...built.diagnostics] };
  }

  /** `# key=value`: `model` and `duration_s` mean what they mean in the JSON form; the rest are params. */
  private comment(text: string, lineNo: number): void {
    const m = /^#\s*([^=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(text);
    if (!m) return;
    const [, key, raw] = m as unknown as [string, string, string];
    const value = NUMBER.test(raw) ? Number(raw) : raw;
    if (key === 'model') this.run.model = raw;
    else if (key === 'duration_s') {
      if (typeof value === 'number' && value >= 0) this.run.durationS = value;
      else this.fail('bad-value', `'duration_s': expected a number of seconds >= 0, found '${raw}'`, lineNo, text.indexOf('=') + 2);
    } else this.run.params[key] = value;
  }

  private header(text: string, lineNo: number): boolean {
    const names = splitCsv(text).map((c) => c.value.trim());
    this.latency = latencyColumn(names);
    if (!this.latency) {
      this.fail('missing-column', `missing latency column: expected 'latency_s' or 'latency_ms' in the header, found columns ${names.map((n) => `'${n}'`).join(', ')}`, lineNo, 1);
      return false;
    }
    this.columns = new Map(names.map((n, k) => [n, k]));
    this.headerLine = lineNo;
    return true;
  }

  private row(text: string, lineNo: number): void {
    const split = splitCsvLine(text);
    if (!split.ok) {
      this.fail('syntax', split.message, lineNo, split.column);
      return;
    }
    const cells = split.cells;
    if (cells.length !== this.columns!.size) {
      this.fail('field-count', `expected ${this.columns!.size} fields as in the header on line ${this.headerLine}, found ${cells.length}`, lineNo, 1);
      return;
    }
    const get = (name: string, parse: (s: string) => unknown, expected: string): unknown => {
      const k = this.columns!.get(name);
      if (k === undefined) return undefined;
      const cell = cells[k]!;
      const v = cell.value.trim();
      if (v === '' && name !== this.latency) return undefined;
      const out = parse(v);
      if (out === undefined) this.fail('bad-value', `column '${name}': expected ${expected}, found ${v === '' ? 'an empty field' : `'${v}'`}`, lineNo, cell.column);
      return out;
    };
    const before = this.errors;
    const latency = get(this.latency!, (s) => num(s, 0), 'a number >= 0') as number | undefined;
    const i = get('i', (s) => int(s, 0), 'an integer >= 0') as number | undefined;
    const ok = get('ok', bool, 'true, false, 1 or 0') as boolean | undefined;
    const status = get('status', (s) => int(s, 0), 'an HTTP status code') as number | undefined;
    const concurrency = get('concurrency', (s) => int(s, 1), 'an integer >= 1') as number | undefined;
    const startS = get('start_s', (s) => num(s, 0), 'a number of seconds >= 0') as number | undefined;
    const outputTokens = get('output_tokens', (s) => int(s, 0), 'an integer >= 0') as number | undefined;
    const phase = get('phase', (s) => s, 'text') as string | undefined;
    const err = get('error', (s) => s, 'text') as string | undefined;
    if (this.errors > before) return;
    const request: LatencyRequest = {
      index: i ?? this.run.requests.length,
      latencyMs: this.latency === 'latency_ms' ? latency! : latency! * 1000,
      ok: !isFailed(ok, status, err),
      ...(phase !== undefined ? { phase } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(startS !== undefined ? { startS } : {}),
      ...(outputTokens !== undefined ? { outputTokens } : {}),
    };
    this.run.requests.push(request);
  }

  private fail(problem: string, message: string, line: number, column: number): void {
    this.errors++;
    if (this.errors <= MAX_ERRORS) this.diagnostics.push(error(`${ID}.${problem}`, message, { file: this.file, line, column }));
  }
}

function num(s: string, min: number): number | undefined {
  if (!NUMBER.test(s)) return undefined;
  const n = Number(s);
  return n >= min ? n : undefined;
}

function int(s: string, min: number): number | undefined {
  const n = num(s, min);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

function bool(s: string): boolean | undefined {
  const v = s.toLowerCase();
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;
}

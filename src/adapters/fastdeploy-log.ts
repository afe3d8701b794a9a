import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServiceLog, ServiceLogEvent } from '../records.js';
import type { Adapter } from './types.js';
import { binaryColumn, looksBinary, num, shortMessage } from './_log-lines.js';
import { SchedulerLines } from './_scheduler-lines.js';

type Level = 'error' | 'warning' | 'other';
interface Header {
  level: Level;
  timestamp?: string;
  message: string;
}

const LEVELS = 'DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL';
const TS = '\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,6})?';
/** FastDeploy's own format; newer builds drop time and pid in console output. */
const FD_LINE = new RegExp(`^(${LEVELS})\\s+(?:(${TS})\\s+)?(?:\\d+\\s+)?\\S+?\\.py\\[line:\\d+\\]\\s?(.*)$`);
const FD_LINE_IN_HEAD = new RegExp(FD_LINE.source, 'm');
/** Paddle's logger, printed into workerlog.N: `[2026-01-14 15:10:33,009] [    INFO] - ...`. */
const PADDLE_LINE = new RegExp(`^\\[(${TS})\\]\\s*\\[\\s*(${LEVELS})\\s*\\]\\s*-?\\s?(.*)$`);
/** Gunicorn (newer api_server): `[2026-04-22 14:01:02 +0800] [4242] [INFO] Starting gunicorn`. */
const GUNICORN_LINE = new RegExp(`^(?:\\[(${TS}(?: [+-]\\d{4})?)\\]\\s+)?(?:\\[\\d+\\]\\s+)?\\[(${LEVELS})\\]\\s+(.*)$`);
const UVICORN_LINE = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL|TRACE):\s+(.*)$/;
/** glog from Paddle's C++ side: `W0422 14:01:02.123456 4242 gpu_resources.cc:119] ...`. */
const GLOG_LINE = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+\s+\S+:\d+\]\s?(.*)$/;
const TRACEBACK = /^\s*Traceback \(most recent call last\):/;
/** ANSI escape sequences (CSI: cursor moves, erase, colours). */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const PY_WARNING = /^\S.*:\d+: [A-Z]\w*Warning: /;
const FD_NAMES = /^(console|fastdeploy|api_server|worker_process|gpu_worker|gpu_model_runner|launch_worker|data_processor|scheduler|cache_manager|default|error)\.log(\.\d+)?$|^(workerlog|envlog)\.\d+$/;

/** Throughput events kept one by one before only the summary carries the rest. */
const MAX_THROUGHPUT_EVENTS = 20;

function levelOf(word: string): Level {
  if (/^(ERROR|CRITICAL|FATAL|E|F)$/.test(word)) return 'error';
  if (/^(WARNING|WARN|W)$/.test(word)) return 'warning';
  return 'other';
}

/** The log record a line starts, or undefined for a continuation line (traceback, print, tqdm). */
function header(line: string): Header | undefined {
  let m = FD_LINE.exec(line);
  if (m) return { level: levelOf(m[1]!), timestamp: m[2], message: m[3]! };
  m = PADDLE_LINE.exec(line);
  if (m) return { level: levelOf(m[2]!), timestamp: m[1], message: m[3]! };
  m = GUNICORN_LINE.exec(line);
  if (m) return { level: levelOf(m[2]!), timestamp: m[1], message: m[3]! };
  m = UVICORN_LINE.exec(line);
  if (m) return { level: levelOf(m[1]!), message: m[2]! };
  m = GLOG_LINE.exec(line);
  if (m) return { level: levelOf(m[1]!), message: m[2]! };
  return undefined;
}

type Data = NonNullable<ServiceLogEvent['data']>;
type Matcher = { code: string; re: RegExp; data?: (m: RegExpExecArray) => Data };

/** Drop undefined values so records never carry them. */
function defined(o: Record<string, number | string | undefined>): Data {
  const out: Data = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** `key=value, key={...}, ...` of a start-up line, numbers as numbers. */
function keyValues(text: string): Data {
  const out: Data = {};
  for (const m of text.matchAll(/(\w+)=(\{[^}]*\}|\[[^\]]*\]|[^,]*)/g)) {
    const v = m[2]!.trim();
    out[m[1]!] = /^-?\d+(?:\.\d+)?$/.test(v) ? Number(v) : v === 'True' || v === 'true' ? true : v === 'False' || v === 'false' ? false : v;
  }
  return out;
}

/** Stable event codes, in the order they are tried on each line. */
const MATCHERS: Matcher[] = [
  { code: 'launch.args', re: /Start api server with args:\s*(.*)$/, data: (m) => keyValues(m[1]!) },
  { code: 'startup.ready', re: /FastDeploy LLM engine initialized!|Application startup complete|Uvicorn running on (\S+)/, data: (m) => defined({ url: m[1] }) },
  { code: 'worker.launched', re: /Worker processes are launched with ([\d.]+) seconds/, data: (m) => defined({ seconds: num(m[1]) }) },
  {
    code: 'kv.gpu-blocks',
    re: /Detected (\d+) gpu blocks(?: and (\d+) cpu blocks)?(?: in cache)?(?: \(block size: (\d+)\))?/,
    data: (m) => defined({ gpuBlocks: num(m[1]), cpuBlocks: num(m[2]), blockSize: num(m[3]) }),
  },
  {
    code: 'serving.max-running',
    re: /FastDeploy will be serving (\d+) running requests(?:.*?maximum length:\s*(\d+))?/,
    data: (m) => defined({ requests: num(m[1]), maxLength: num(m[2]) }),
  },
  { code: 'service.listening', re: /Launching (.+?) service at (\S+)/, data: (m) => ({ service: m[1]!, url: m[2]! }) },
  { code: 'worker.launch-failed', re: /Failed to launch worker processes/ },
  { code: 'kv.blocks-negative', re: /The total number of blocks cannot be less than zero/ },
  { code: 'engine.init-failed', re: /Failed to initialize FastDeploy LLM engine/ },
  { code: 'port.in-use', re: /The parameter `(\w+)`\s*:\s*(\d+) is already in use/, data: (m) => ({ parameter: m[1]!, port: Number(m[2]) }) },
  { code: 'request.too-many', re: /Too many requests\s*(?:,\s*)?current max concurrency is (\d+)/, data: (m) => ({ maxConcurrency: Number(m[1]) }) },
  {
    code: 'request.input-too-long',
    re: /input_ids_len \((\d+)\) \+ min_tokens\s*\((\d+)\) >= max_model_len\s*\((\d+)\)/,
    data: (m) => ({ inputIdsLen: Number(m[1]), minTokens: Number(m[2]), maxModelLen: Number(m[3]) }),
  },
];
const CUDA_GRAPH_OFF = /cuda[_ ]graph\s*[=:]\s*False/;
const GEN_THROUGHPUT = /gen throughput\s*(?:\([^)]*\))?\s*[=:]\s*(\d+(?:\.\d+)?)/;

/** Collects events while lines stream by; repeated decode lines are summarised, not listed. */
class EventLog {
  readonly events: ServiceLogEvent[] = [];
  private cudaGraphOff?: ServiceLogEvent;
  private cudaGraphOffCount = 0;
  private throughput: number[] = [];
  private lastThroughputLine = 0;
  /** Codes already raised by the current log record, so its traceback does not repeat them. */
  private recordCodes = new Set<string>();

  newRecord(): void {
    this.recordCodes.clear();
  }

  see(lineNo: number, message: string): void {
    for (const m of MATCHERS) {
      const r = m.re.exec(message);
      if (r && !this.recordCodes.has(m.code)) {
        this.recordCodes.add(m.code);
        this.push(m.code, lineNo, message, m.data?.(r));
      }
    }
    if (CUDA_GRAPH_OFF.test(message)) {
      this.cudaGraphOffCount++;
      this.cudaGraphOff ??= this.push('cuda-graph.disabled', lineNo, message);
    }
    const t = GEN_THROUGHPUT.exec(message);
    const tokPerS = num(t?.[1]);
    if (tokPerS !== undefined) {
      this.throughput.push(tokPerS);
      this.lastThroughputLine = lineNo;
      if (this.throughput.length <= MAX_THROUGHPUT_EVENTS) this.push('decode.throughput', lineNo, message, { tokPerS });
    }
  }

  finish(): ServiceLogEvent[] {
    if (this.cudaGraphOff) this.cudaGraphOff.data = { occurrences: this.cudaGraphOffCount };
    const n = this.throughput.length;
    if (n > 0) {
      const mean = this.throughput.reduce((s, x) => s + x, 0) / n;
      this.push('decode.throughput-summary', this.lastThroughputLine, `${n} decode throughput lines`, {
        count: n,
        meanTokPerS: Math.round(mean * 100) / 100,
        maxTokPerS: Math.max(...this.throughput),
      });
    }
    // Stable sort: events of one line keep the order they were found in.
    return this.events.sort((a, b) => a.line - b.line);
  }

  private push(code: string, line: number, message: string, data?: Data): ServiceLogEvent {
    const e: ServiceLogEvent = { code, line, message: shortMessage(message) };
    if (data && Object.keys(data).length > 0) e.data = data;
    this.events.push(e);
    return e;
  }
}

const CHAINED = /^(During handling of the above exception, another exception occurred|The above exception was the direct cause of the following exception):/;

/**
 * Line-by-line counts. A traceback belongs to the record that printed it: an ERROR line followed
 * by its traceback (logger.exception) is one error, a chained traceback ("During handling ...")
 * adds none, and a traceback printed on its own (stderr) is one error.
 */
class Scanner {
  readonly events = new EventLog();
  readonly scheduler = new SchedulerLines();
  lines = 0;
  errors = 0;
  warnings = 0;
  recognised = 0;
  firstTimestamp?: string;
  lastTimestamp?: string;
  firstText?: { line: number; text: string };
  binaryAt?: { line: number; column: number };
  private recordIsError = false;
  private recordHadTraceback = false;
  private traceback: 'none' | 'frames' | 'ended' | 'chained' = 'none';

  line(text: string): void {
    this.lines++;
    const col = binaryColumn(text);
    if (col !== undefined) this.binaryAt ??= { line: this.lines, column: col };
    if (!this.firstText && text.trim() !== '') this.firstText = { line: this.lines, text };
    // A saved terminal: a progress bar's `\r` is a line break here, but its cursor moves and
    // colours (`ESC[A`, `ESC[2K`, `ESC[31m`) stay in front of the record the logger printed next.
    const h = header(text.includes('\u001b') ? text.replace(ANSI, '') : text);
    if (h) this.header(h);
    else this.continuation(text);
  }

  private header(h: Header): void {
    this.recognised++;
    this.recordIsError = h.level === 'error';
    this.recordHadTraceback = false;
    this.traceback = 'none';
    this.events.newRecord();
    if (h.level === 'error') this.errors++;
    else if (h.level === 'warning') this.warnings++;
    if (h.timestamp !== undefined) {
      this.firstTimestamp ??= h.timestamp;
      this.lastTimestamp = h.timestamp;
    }
    this.events.see(this.lines, h.message);
    this.scheduler.see(h.message, h.timestamp);
  }

  private continuation(text: string): void {
    if (TRACEBACK.test(text)) {
      this.recognised++;
      const accountedFor = this.traceback === 'chained' || (this.recordIsError && !this.recordHadTraceback);
      if (!accountedFor) this.errors++;
      this.recordHadTraceback = true;
      this.traceback = 'frames';
    } else if (this.traceback === 'frames' && /^\S/.test(text)) this.traceback = 'ended';
    else if (this.traceback === 'ended' && CHAINED.test(text)) this.traceback = 'chained';
    else if (PY_WARNING.test(text)) this.warnings++;
    this.events.see(this.lines, text);
  }
}

/** FastDeploy server logs (`./log/` or `$FD_LOG_DIR`): counts, time span and recognised events. */
export const adapter: Adapter = {
  id: 'fastdeploy-log',
  kind: 'service-log',
  title: 'FastDeploy server logs (`console.log`, `fastdeploy.log`, `api_server.log`, `workerlog.N`, ...)',
  recognisedBy:
    '`LEVEL    YYYY-MM-DD HH:MM:SS[,mmm] PID file.py[line:N] message` lines, uvicorn `INFO:     ...` lines; FastDeploy log file names as a weak hint',
  extracts:
    'line, error (ERROR/CRITICAL and tracebacks, once each) and warning counts, first/last timestamp, startup/KV-cache/port/429/input-length/CUDA-graph/throughput events, the scheduler\'s `Prefill batch`/`Decode batch` lines (running, queued, KV token usage, free blocks, gen throughput)',

  detect(input) {
    const h = input.head;
    if (h.length === 0 || looksBinary(h)) return 0;
    if (FD_LINE_IN_HEAD.test(h)) return 0.9;
    const uvicorn = /^(?:INFO|WARNING|ERROR):\s{2,}\S/m.test(h);
    if (uvicorn && /FastDeploy|fastdeploy|api_server\.py|\/v1\/chat\/completions/.test(h)) return 0.8;
    if (uvicorn) return 0.5;
    return FD_NAMES.test(input.name) ? 0.35 : 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const scan = new Scanner();
    for await (const line of input.lines()) scan.line(line);
    const at = { file: input.displayPath };

    if (scan.recognised === 0 && scan.firstText !== undefined) {
      const found = scan.binaryAt ? 'binary data' : `\`${shortMessage(scan.firstText.text).slice(0, 80)}\``;
      const where = scan.binaryAt ?? { line: scan.firstText.line, column: 1 };
      const expected = 'expected lines like `INFO     2026-01-14 15:10:33,027 30393 engine.py[line:213] ...` or uvicorn `INFO:     ...`';
      diagnostics.push(error('fastdeploy-log.no-log-lines', `no FastDeploy log lines: ${expected}, found ${found}`, { ...at, ...where }));
      return { diagnostics };
    }
    if (scan.binaryAt) {
      const message = 'binary data (NUL bytes or invalid UTF-8) in the log, e.g. a tail zero-filled by a crash; those lines were counted but not read';
      diagnostics.push(warning('fastdeploy-log.binary-data', message, { ...at, ...scan.binaryAt }));
    }
    if (scan.firstText === undefined) diagnostics.push(warning('fastdeploy-log.empty', 'the log is empty', { ...at, line: 1, column: 1 }));

    const record: ServiceLog = {
      kind: 'service-log',
      tool: 'fastdeploy-log',
      lines: scan.lines,
      errors: scan.errors,
      warnings: scan.warnings,
      events: scan.events.finish(),
    };
    if (scan.firstTimestamp !== undefined) record.firstTimestamp = scan.firstTimestamp;
    if (scan.lastTimestamp !== undefined) record.lastTimestamp = scan.lastTimestamp;
    const scheduling = scan.scheduler.result();
    if (scheduling) record.scheduling = scheduling;
    return { record, diagnostics };
  },
};

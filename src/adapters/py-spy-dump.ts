import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { PythonProfile } from '../records.js';
import { isObject, parseJson, pointer } from '../util/json.js';
import { stripBom } from '../util/text.js';
import { frame, HotSpots, parseFrame, type Frame } from './_python-profile.js';
import type { Adapter, ArtifactInput, ParseResult } from './types.js';

/** Colour codes survive when the dump was captured through `script` or a forced-colour terminal. */
const ANSI = /\u001b\[[0-9;]*m/g;
const THREAD = /^Thread (\S+) \((idle|active|active\+gil)\)(?:: "(.*)")?\s*$/;
const FRAME = /^ {4}(?! )(\S.*)$/;
const MAX_LINE_DIAGNOSTICS = 10;

/**
 * `py-spy dump` (text or `--json`): one stack per thread at one instant. Each thread stack counts
 * as one sample, so several dumps in one file (a shell loop) add up to a poor man's sampling run.
 */
export const adapter: Adapter = {
  id: 'py-spy-dump',
  kind: 'python-profile',
  title: 'py-spy stack dump (`py-spy dump`, `py-spy dump --json`)',
  recognisedBy: '`Process N: cmd` and `Thread N (idle|active|active+gil): "name"` lines; or a JSON array of traces with `thread_id`, `owns_gil`, `frames`',
  extracts: 'thread stacks as samples, top 50 functions by self % (share of threads executing them) with total %',
  cannotKnow:
    'time spent (one instant per dump: samples are thread stacks, not durations)',

  detect(input) {
    const h = input.head.replace(ANSI, '');
    if (/^\s*\[/.test(stripBom(h)) && /"thread_id"\s*:/.test(h) && /"owns_gil"\s*:/.test(h) && /"frames"\s*:/.test(h)) return 0.9;
    const threads = /^Thread \S+ \((?:idle|active|active\+gil)\)/m.test(h);
    if (threads && /^Process \d+: /m.test(h)) return 0.95;
    return threads ? 0.85 : 0;
  },

  async parse(input) {
    if (/^\s*\[/.test(stripBom(input.head))) {
      let text: string;
      try {
        text = await input.text();
      } catch (e) {
        return { diagnostics: [error('py-spy-dump.too-large', (e as Error).message, { file: input.displayPath })] };
      }
      const parsed = parseJson(text, input.displayPath);
      return parsed.ok ? fromJson(parsed.value, input.displayPath) : { diagnostics: [parsed.diagnostic] };
    }
    return fromText(input);
  },
};

async function fromText(input: ArtifactInput): Promise<ParseResult> {
  const file = input.displayPath;
  const hot = new HotSpots();
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.length < MAX_LINE_DIAGNOSTICS && diagnostics.push(d);
  let samples = 0;
  let current: Frame[] | undefined;
  const flush = () => {
    if (current === undefined) return;
    hot.add([...current].reverse()); // printed leaf first
    samples++;
    current = undefined;
  };
  let lineNo = 0;
  for await (const raw of input.lines()) {
    lineNo++;
    const line = raw.replace(ANSI, '');
    if (line.trim() === '' || /^ {8}/.test(line) || /^(?:Process \d+: |Python v\d)/.test(line)) continue; // blank, locals, headers
    const frameLine = FRAME.exec(line);
    if (THREAD.test(line)) {
      flush();
      current = [];
    } else if (frameLine && current !== undefined) {
      current.push(parseFrame(frameLine[1]!));
    } else if (frameLine) {
      report(error('py-spy-dump.frame-outside-thread', 'expected a `Thread N (status): "name"` line before this frame', { file, line: lineNo, column: 5 }));
    } else {
      report(warning('py-spy-dump.line', `skipped: expected a \`Thread\` line or a frame indented by 4 spaces, found \`${line.trim().slice(0, 80)}\``, { file, line: lineNo, column: 1 }));
    }
  }
  flush();
  if (samples === 0) {
    return { diagnostics: [error('py-spy-dump.no-threads', 'no thread stacks: expected `Thread N (idle|active|active+gil): "name"` lines followed by indented frames', { file, line: 1, column: 1 }), ...diagnostics] };
  }
  const record: PythonProfile = { kind: 'python-profile', tool: 'py-spy-dump', samples, functions: hot.functions() };
  return { record, diagnostics };
}

/** `dump --json`: an array of traces, frames leaf first, `line` 0 when unknown. */
function fromJson(doc: unknown, file: string): ParseResult {
  if (!Array.isArray(doc)) return { diagnostics: [error('py-spy-dump.shape', 'expected an array of thread traces (py-spy dump --json)', { file, pointer: '' })] };
  const hot = new HotSpots();
  for (let i = 0; i < doc.length; i++) {
    const trace: unknown = doc[i];
    const frames = isObject(trace) ? trace.frames : undefined;
    if (!Array.isArray(frames)) return { diagnostics: [error('py-spy-dump.shape', 'expected a trace object with a `frames` array', { file, pointer: pointer(i, 'frames') })] };
    const stack: Frame[] = [];
    for (let j = 0; j < frames.length; j++) {
      const f: unknown = frames[j];
      if (!isObject(f) || typeof f.name !== 'string') {
        return { diagnostics: [error('py-spy-dump.shape', 'expected a frame object with a string `name`', { file, pointer: pointer(i, 'frames', j) })] };
      }
      const path = typeof f.short_filename === 'string' ? f.short_filename : typeof f.filename === 'string' ? f.filename : undefined;
      stack.push(frame(f.name, path, typeof f.line === 'number' ? f.line : undefined));
    }
    hot.add(stack.reverse());
  }
  if (doc.length === 0) return { diagnostics: [error('py-spy-dump.no-threads', 'no thread traces: the array is empty', { file, pointer: '' })] };
  const record: PythonProfile = { kind: 'python-profile', tool: 'py-spy-dump', samples: doc.length, functions: hot.functions() };
  return { record, diagnostics: [] };
}

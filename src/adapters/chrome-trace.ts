import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { stripBom } from '../util/text.js';
import { summariseTraceFile } from './_trace/trace-file.js';
import { positionOfByte, type ScanFailure } from './_trace/trace-scanner.js';
import type { KernelTable, KernelTotals } from './_trace/trace-summary.js';
import { kernelProfile, type KernelRow } from './_kernel-table.js';
import type { Adapter, ArtifactInput } from './types.js';

const TRACE_NAME = /(\.paddle_trace|\.pt\.trace|trace)[^/]*\.json(\.gz)?$/i;

/**
 * Chrome trace event files, streamed (they run to several GB; big uncompressed ones are scanned
 * in two halves on two cores): Paddle `export_chrome_tracing`,
 * PyTorch/kineto, plain Chrome traces, gzip-compressed or not. Kernels are the complete events
 * (`ph: "X"`) and begin/end pairs (`B`/`E`, paired per thread) of category `Kernel` (Paddle) or
 * `kernel` (kineto); a trace without any such category falls back to its complete events that
 * have no `cat` at all (vendor tracers), unless they nest on a thread: nested spans are CPU
 * call ranges, and a CPU-only trace has no kernels (never its CPU spans counted as kernels, and
 * never a parent and its child both). A bare array may end without its `]`, as the format allows.
 */
export const adapter: Adapter = {
  id: 'chrome-trace',
  kind: 'kernel-profile',
  title: 'Chrome trace events (Paddle `*.paddle_trace.json`, PyTorch/kineto, plain Chrome; gzip ok)',
  recognisedBy: '`{"traceEvents": [...]}` (Paddle: also `schemaVersion` + `span_indx`) or a bare array of events with `ph`; by content only (a `*trace*.json` that holds something else is not claimed)',
  extracts: 'top 50 kernels (ph X or B/E pairs, cat Kernel/kernel; Paddle `[0.123 ms]` name suffix removed) with calls, total/avg µs and share of all kernel time',
  cannotKnow: 'kernels of a CPU-only trace (none: reported as such); kernels beyond the top 50 (in the total only)',

  detect(input) {
    const h = stripBom(input.head).trimStart();
    if (h.startsWith('{')) {
      if (/"traceEvents"\s*:/.test(h)) return /"span_indx"\s*:/.test(h) ? 0.95 : 0.9;
      if (/"schemaVersion"\s*:/.test(h) && /"span_indx"\s*:/.test(h)) return 0.9;
      // kineto writes `deviceProperties` (and more) before `traceEvents`: with a trace's name, a
      // head that has not reached the events yet is still a trace.
      if (TRACE_NAME.test(input.name) && /"(?:schemaVersion|deviceProperties|distributedInfo)"\s*:/.test(h)) return 0.6;
    } else if (h.startsWith('[') && /"ph"\s*:\s*"[A-Za-z]"/.test(h) && /"(ts|name)"\s*:/.test(h)) {
      return 0.85;
    }
    // A name alone never claims a file: a kernel table saved as `kernel_trace.json` is no trace.
    return 0;
  },

  async parse(input) {
    const summary = await summariseTraceFile(input);
    if (summary.failure) return { diagnostics: [await failureDiagnostic(input, summary.failure)] };
    const diagnostics: Diagnostic[] = [];
    const file = input.displayPath;
    const events = eventsPointer(input);
    const kernels = combine(summary.kernels, summary.spanKernels);
    let table = kernels;
    if (summary.openEnded) {
      diagnostics.push(warning('chrome-trace.open-ended', 'the events array has no closing `]` (allowed by the trace event format): read to the end of the file', { file, pointer: events }));
    }
    if (table.events === 0 && summary.uncategorised.events > 0 && summary.uncategorisedOverlaps > 0) {
      table = { byName: new Map(), totalUs: 0, events: 0 };
      diagnostics.push(
        warning(
          'chrome-trace.cpu-only',
          `no kernel or GPU category, and ${summary.uncategorisedOverlaps} of the ${summary.uncategorised.events} complete events nest inside another on their thread: these are CPU call spans, not kernels (CPU-only trace), so no kernels are reported`,
          { file, pointer: events },
        ),
      );
    } else if (table.events === 0 && summary.uncategorised.events > 0) {
      table = summary.uncategorised;
      diagnostics.push(
        warning('chrome-trace.no-kernel-category', `no complete events or B/E pairs with cat \`Kernel\`/\`kernel\`: summarised the ${table.events} complete events that have no \`cat\` (they never overlap on a thread, as kernels on a stream)`, { file, pointer: events }),
      );
    } else if (table.events === 0) {
      diagnostics.push(
        warning('chrome-trace.no-kernels', 'no kernel events: expected complete events (`ph: "X"`) or B/E pairs with cat `Kernel` (Paddle) or `kernel` (PyTorch/kineto); is this a CPU-only trace?', { file, pointer: events }),
      );
    }
    const { unpairedSpans, firstUnpairedSpan } = summary;
    if (unpairedSpans > 0) {
      diagnostics.push(
        warning(
          'chrome-trace.unpaired-spans',
          `${unpairedSpans} begin/end (B/E) event(s) not counted: an E without an open B on its thread, a B never closed (truncated trace?), or a pair without a usable \`ts\` (first at ${firstUnpairedSpan})`,
          { file, pointer: firstUnpairedSpan! },
        ),
      );
    }
    if (summary.badDuration > 0) {
      diagnostics.push(
        warning('chrome-trace.bad-duration', `${summary.badDuration} complete event(s) skipped: \`dur\` missing, not a number or negative (first at ${summary.firstBadDuration})`, {
          file,
          pointer: summary.firstBadDuration!,
        }),
      );
    }
    const rows: KernelRow[] = [...table.byName.values()];
    return { record: kernelProfile('chrome-trace', rows, table.totalUs), diagnostics };
  },
};

/** Complete events and B/E pairs, summed per name. */
function combine(complete: KernelTable, paired: KernelTable): { byName: Map<string, KernelTotals>; totalUs: number; events: number } {
  if (paired.events === 0) return complete;
  const byName = new Map<string, KernelTotals>();
  for (const t of [...complete.byName.values(), ...paired.byName.values()]) {
    const seen = byName.get(t.name);
    if (seen) {
      seen.calls += t.calls;
      seen.totalUs += t.totalUs;
    } else byName.set(t.name, { ...t });
  }
  return { byName, totalUs: complete.totalUs + paired.totalUs, events: complete.events + paired.events };
}

/** `/traceEvents`, or `` for a bare array (the pointer of the whole document). */
function eventsPointer(input: ArtifactInput): string {
  return stripBom(input.head).trimStart().startsWith('[') ? '' : '/traceEvents';
}

async function failureDiagnostic(input: ArtifactInput, f: ScanFailure): Promise<Diagnostic> {
  const at = { file: input.displayPath, ...(await position(input, f.offset)), ...(f.pointer !== undefined ? { pointer: f.pointer } : {}) };
  if (f.kind === 'syntax') return error('json.syntax', `invalid JSON: ${f.message}`, at);
  if (f.kind === 'shape') return error('chrome-trace.not-a-trace', f.message, at);
  return error('chrome-trace.read', `cannot read the trace${input.gzip ? ' (corrupt or truncated gzip?)' : ''}: ${f.message}`, at);
}

/** Line and column of a byte offset: the input is read again, which only errors pay for. */
function position(input: ArtifactInput, offset: number): Promise<{ line: number; column: number }> {
  return positionOfByte(input.stream(), offset);
}

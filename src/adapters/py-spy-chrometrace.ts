import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { PythonProfile } from '../records.js';
import { isObject, pointer } from '../util/json.js';
import { stripBom } from '../util/text.js';
import { frame, HotSpots, type Frame } from './_python-profile.js';
import type { Adapter } from './types.js';

/**
 * `py-spy record --format chrometrace`: a bare array of trace events, `"cat": "py-spy"`, where each
 * change of a thread's stack between samples is written as E events for the frames that left it
 * and B events for the frames that joined it (`args.filename`, `args.line` unless --nolineno), all
 * at the sample's `ts` (µs); `M` events name the threads, and py-spy closes every open frame at
 * the end. The stacks are rebuilt per thread and each one is weighted by how long it lasted, so
 * the percentages are of sampled time, as in py-spy's other formats.
 */
export const adapter: Adapter = {
  id: 'py-spy-chrometrace',
  kind: 'python-profile',
  title: 'py-spy Chrome trace (`py-spy record --format chrometrace`)',
  recognisedBy: 'a JSON array of trace events with `"cat": "py-spy"` (B/E per stack change, M thread names)',
  extracts: 'stacks rebuilt per thread and weighted by duration: top 50 functions by self % with total %, file and hottest line; samples = stack changes',
  cannotKnow:
    'lines with `--nolineno`',

  detect(input) {
    const h = stripBom(input.head).trimStart();
    return h.startsWith('[') && /"cat"\s*:\s*"py-spy"/.test(h) ? 0.95 : 0;
  },

  async parse(input) {
    const parsed = await input.json();
    if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
    const file = input.displayPath;
    const events = parsed.value;
    if (!Array.isArray(events)) return { diagnostics: [error('py-spy-chrometrace.shape', 'expected a JSON array of trace events', { file, pointer: '' })] };
    const diagnostics: Diagnostic[] = [];
    const hot = new HotSpots();
    /** Per thread: the open frames (root first) and when the stack last changed. */
    const threads = new Map<string, { stack: Frame[]; since: number }>();
    let changes = 0;
    let unmatched = 0;
    let firstUnmatched: string | undefined;
    for (let i = 0; i < events.length; i++) {
      const ev: unknown = events[i];
      if (!isObject(ev) || (ev.ph !== 'B' && ev.ph !== 'E')) continue;
      const at = pointer(i);
      if (typeof ev.ts !== 'number' || !Number.isFinite(ev.ts) || typeof ev.name !== 'string') {
        return { diagnostics: [error('py-spy-chrometrace.event', 'expected a B/E event with a numeric `ts` and a string `name`', { file, pointer: at })] };
      }
      const thread = `${String(ev.pid)}\u0000${String(ev.tid)}`;
      let t = threads.get(thread);
      if (t === undefined) threads.set(thread, (t = { stack: [], since: ev.ts }));
      // The stack held since the last change, for the time it lasted.
      if (ev.ts > t.since && t.stack.length > 0) {
        hot.add(t.stack, ev.ts - t.since);
        changes++;
      }
      t.since = Math.max(t.since, ev.ts);
      const args = isObject(ev.args) ? ev.args : {};
      if (ev.ph === 'B') {
        t.stack.push(frame(ev.name, typeof args.filename === 'string' ? args.filename : undefined, typeof args.line === 'number' ? args.line : undefined));
      } else if (t.stack.at(-1)?.name === ev.name) {
        t.stack.pop();
      } else {
        unmatched++;
        firstUnmatched ??= at;
      }
    }
    if (unmatched > 0) {
      diagnostics.push(
        warning('py-spy-chrometrace.unmatched-end', `${unmatched} E event(s) do not close the innermost open frame of their thread (first at ${firstUnmatched}): ignored`, { file, pointer: firstUnmatched! }),
      );
    }
    const open = [...threads.values()].reduce((n, t) => n + t.stack.length, 0);
    if (open > 0) diagnostics.push(warning('py-spy-chrometrace.unclosed', `${open} frame(s) never closed (a cut trace?): their last stretch is not counted`, { file, pointer: '' }));
    if (changes === 0) {
      diagnostics.push(error('py-spy-chrometrace.no-samples', 'no sampled time: expected B/E events with increasing `ts` on at least one thread', { file, pointer: '' }));
      return { diagnostics };
    }
    const record: PythonProfile = { kind: 'python-profile', tool: 'py-spy-chrometrace', samples: changes, functions: hot.functions() };
    return { record, diagnostics };
  },
};

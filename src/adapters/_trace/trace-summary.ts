/**
 * What a trace's events add up to: kernel totals by name (complete events), begin/end pairs,
 * and the events that could not be counted. A trace is summarised in one pass, or in two parts
 * (`TracePart`) scanned side by side and merged in file order, with the same result.
 */
import { parseNumber, tokenText, TraceScanner, CAT_KERNEL, CAT_OTHER, type EventFields, type RawToken, type ScanFailure } from './trace-scanner.js';

/** Per-name totals of one kind of event. */
export interface KernelTable {
  byName: Map<string, KernelTotals>;
  totalUs: number;
  events: number;
}

/** Calls and total time of one kernel name. */
export interface KernelTotals {
  name: string;
  calls: number;
  totalUs: number;
}

interface CacheSlot {
  bytes: Buffer;
  totals: KernelTotals;
}

/**
 * Per-name totals keyed by the name's bytes, so an event costs a hash and a compare, not a
 * string. Names are canonical strings (Paddle's `[0.123 ms]` duration suffix removed).
 */
export class KernelAggregator {
  readonly byName = new Map<string, KernelTotals>();
  /** Sum of all durations, in event order (the order a reference loop adds them). */
  totalUs = 0;
  events = 0;
  private readonly cache = new Map<number, CacheSlot[]>();

  addBytes(b: Buffer, s: number, e: number, dur: number): void {
    const end = stripDurationSuffix(b, s, e);
    let h = 0x811c9dc5;
    for (let p = s; p < end; p++) h = Math.imul(h ^ b[p]!, 0x01000193);
    let slots = this.cache.get(h);
    let totals: KernelTotals | undefined;
    if (slots !== undefined) {
      for (const slot of slots) {
        if (slot.bytes.length === end - s && slot.bytes.equals(b.subarray(s, end))) {
          totals = slot.totals;
          break;
        }
      }
    } else {
      slots = [];
      this.cache.set(h, slots);
    }
    if (totals === undefined) {
      const bytes = Buffer.from(b.subarray(s, end));
      totals = this.totalsOf(bytes.toString('utf8'));
      slots.push({ bytes, totals });
    }
    this.count(totals, dur);
  }

  addText(name: string, dur: number): void {
    this.count(this.totalsOf(kernelName(name)), dur);
  }

  /** Add the totals of a later part of the same trace (names new here keep their order). */
  absorb(later: KernelTable): void {
    for (const row of later.byName.values()) {
      const t = this.totalsOf(row.name);
      t.calls += row.calls;
      t.totalUs += row.totalUs;
    }
    this.totalUs += later.totalUs;
    this.events += later.events;
  }

  private totalsOf(name: string): KernelTotals {
    const key = name === '' ? UNNAMED : name;
    let t = this.byName.get(key);
    if (t === undefined) {
      t = { name: key, calls: 0, totalUs: 0 };
      this.byName.set(key, t);
    }
    return t;
  }

  private count(t: KernelTotals, dur: number): void {
    t.calls++;
    t.totalUs += dur;
    this.totalUs += dur;
    this.events++;
  }
}

/** Name given to kernels whose event has no usable name. */
export const UNNAMED = '(unnamed)';

/** Paddle's duration suffix, `[0.123 ms]`: digits, optional fraction, optional space, unit. */
const SUFFIX = /\[\d+(?:\.\d+)? ?[mun]?s\]$/;

/** A kernel name without Paddle's duration suffix. */
export function kernelName(name: string): string {
  return name.replace(SUFFIX, '');
}

/** End of a name's bytes without the duration suffix (the byte form of `kernelName`). */
export function stripDurationSuffix(b: Buffer, s: number, e: number): number {
  if (e - s < 4 || b[e - 1] !== 0x5d || b[e - 2] !== 0x73) return e;
  let p = e - 3;
  const c = b[p]!;
  if (c === 0x6d || c === 0x75 || c === 0x6e) p--;
  if (p >= s && b[p] === 0x20) p--;
  const digitsEnd = p;
  while (p >= s && b[p]! >= 0x30 && b[p]! <= 0x39) p--;
  if (p === digitsEnd) return e;
  if (p >= s && b[p] === 0x2e) {
    const intEnd = --p;
    while (p >= s && b[p]! >= 0x30 && b[p]! <= 0x39) p--;
    if (p === intEnd) return e;
  }
  return p >= s && b[p] === 0x5b ? p : e;
}


/** What a trace holds, summarised. */
export interface TraceSummary {
  /** Complete events of category Kernel/kernel. */
  kernels: KernelTable;
  /** Complete events with no `cat` at all (plain Chrome traces), the fallback. */
  uncategorised: KernelTable;
  /** Begin/end (`ph` B/E) pairs of category Kernel/kernel, kept apart from the complete events. */
  spanKernels: KernelTable;
  /** Complete kernel/uncategorised events skipped for a missing, non-numeric or negative `dur`. */
  badDuration: number;
  /** Pointer of the first such event's `dur`. */
  firstBadDuration?: string;
  /** E events without an open B on their thread, B events never closed or past the limit, and pairs without a usable `ts` or ending before they begin. */
  unpairedSpans: number;
  /** Pointer of the first such event (of the E event for a pair). */
  firstUnpairedSpan?: string;
  /** A bare events array without its closing `]` (allowed by the format). */
  openEnded?: boolean;
  /**
   * Uncategorised complete events that overlap the previous one on their thread (nested call
   * spans): such events are CPU ranges, never kernels.
   */
  uncategorisedOverlaps: number;
  failure?: ScanFailure;
}

/** Spans open at once beyond which B events are no longer paired (bounds memory on odd traces; counted per part of a split trace). */
const MAX_OPEN_SPANS = 100_000;

interface OpenSpan {
  cat: number;
  name: string;
  ts: number;
  /** Position of the B event in the events array. */
  index: number;
}

/** An E event of a later part that found no open B on its thread: it closes one of the part before. */
interface EarlyEnd {
  thread: string;
  ts: number;
  index: number;
}

/** A part's begin/end state as plain data (what a worker sends back). */
interface SpanData {
  kernels: KernelTable;
  problems: number;
  firstProblem: number;
  open: Map<string, OpenSpan[]>;
  earlyEnds: EarlyEnd[];
}

/**
 * Pairs B/E events as the trace event format defines them: per thread (`pid` + `tid`), an E
 * closes the latest open B, in file order. Only spans whose B event has cat Kernel/kernel are
 * totalled: uncategorised B/E spans in plain traces are CPU ranges (steps, phases), not kernels.
 */
class SpanPairer implements SpanData {
  readonly kernels = new KernelAggregator();
  problems = 0;
  /** Index of the first problem event, -1 when none. */
  firstProblem = -1;
  readonly open = new Map<string, OpenSpan[]>();
  /** Only in a later part (`continuation`): E events left for the part before to close. */
  readonly earlyEnds: EarlyEnd[] = [];
  private openCount = 0;

  constructor(private readonly continuation: boolean) {}

  begin(ev: EventFields): void {
    if (this.openCount >= MAX_OPEN_SPANS) return this.problem(ev.index);
    const thread = threadKey(ev);
    let stack = this.open.get(thread);
    if (stack === undefined) this.open.set(thread, (stack = []));
    const name = ev.nameBuf !== null ? ev.nameBuf.toString('utf8', ev.nameStart, ev.nameEnd) : (ev.nameText ?? '');
    stack.push({ cat: ev.cat, name, ts: tokenNumber(ev.ts), index: ev.index });
    this.openCount++;
  }

  end(ev: EventFields): void {
    const thread = threadKey(ev);
    const span = this.open.get(thread)?.pop();
    if (span !== undefined) return this.close(span, tokenNumber(ev.ts), ev.index);
    if (this.continuation) this.earlyEnds.push({ thread, ts: tokenNumber(ev.ts), index: ev.index });
    else this.problem(ev.index);
  }

  /** Merge the part that follows this one, whose element indices start at `base`. */
  absorb(later: SpanData, base: number): void {
    for (const e of later.earlyEnds) {
      const span = this.open.get(e.thread)?.pop();
      if (span === undefined) this.problem(e.index + base);
      else this.close(span, e.ts, e.index + base);
    }
    this.kernels.absorb(later.kernels);
    this.problems += later.problems;
    if (later.firstProblem >= 0) this.firstAt(later.firstProblem + base);
    for (const [thread, spans] of later.open) {
      let stack = this.open.get(thread);
      if (stack === undefined) this.open.set(thread, (stack = []));
      for (const s of spans) stack.push({ ...s, index: s.index + base });
      this.openCount += spans.length;
    }
  }

  /** Count the B events still open at the end (a truncated or cut trace). */
  finish(): void {
    if (this.openCount === 0) return;
    this.problems += this.openCount;
    if (this.firstProblem >= 0) return;
    let first = Infinity;
    for (const stack of this.open.values()) first = Math.min(first, stack[0]?.index ?? Infinity);
    this.firstProblem = first;
  }

  private close(span: OpenSpan, endTs: number, index: number): void {
    this.openCount--;
    if (span.cat !== CAT_KERNEL) return;
    const dur = endTs - span.ts;
    if (!(dur >= 0) || dur === Infinity) return this.problem(index);
    this.kernels.addText(span.name, dur);
  }

  private problem(index: number): void {
    this.problems++;
    this.firstAt(index);
  }

  /** Problems of a part are met in file order, but a merge adds earlier ones late. */
  private firstAt(index: number): void {
    if (this.firstProblem < 0 || index < this.firstProblem) this.firstProblem = index;
  }
}

function threadKey(ev: EventFields): string {
  return `${tokenText(ev.pid)}\u0000${tokenText(ev.tid)}`;
}

/** A numeric token's value; NaN when absent or a string. */
function tokenNumber(t: RawToken): number {
  return t.buf !== null && t.isNumber ? parseNumber(t.buf, t.start, t.end) : NaN;
}

/** A part's totals as plain data, what a worker thread posts back (structured clone keeps Maps). */
export interface PartData {
  kernels: KernelTable;
  uncategorised: KernelTable;
  spans: SpanData;
  badDuration: number;
  firstBadDuration: number;
  overlaps: OverlapData;
  openEnded: boolean;
  failure?: ScanFailure;
}

/** Uncategorised complete events per thread: the first and last interval, and overlaps within. */
interface OverlapData {
  count: number;
  first: Map<string, [number, number]>;
  last: Map<string, [number, number]>;
}

/**
 * Nesting of uncategorised complete events, judged against the previous event on the same
 * thread in file order: kernels on one stream never overlap, call spans (written when they
 * begin or when they end) always overlap their parent. Only the fallback path pays for it.
 */
class OverlapTracker implements OverlapData {
  count = 0;
  readonly first = new Map<string, [number, number]>();
  readonly last = new Map<string, [number, number]>();

  add(thread: string, ts: number, dur: number): void {
    if (!Number.isFinite(ts)) return;
    const iv: [number, number] = [ts, ts + dur];
    const prev = this.last.get(thread);
    if (prev === undefined) this.first.set(thread, iv);
    else if (overlaps(prev, iv)) this.count++;
    this.last.set(thread, iv);
  }

  /** The part that follows: its own overlaps, and each thread's first event against this part's last. */
  absorb(later: OverlapData): void {
    this.count += later.count;
    for (const [thread, iv] of later.first) {
      const prev = this.last.get(thread);
      if (prev === undefined) this.first.set(thread, iv);
      else if (overlaps(prev, iv)) this.count++;
    }
    for (const [thread, iv] of later.last) this.last.set(thread, iv);
  }
}

/** Strict overlap: a kernel that starts the microsecond the previous one ends does not overlap it. */
function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** The totals of one stretch of a trace's events: the whole trace, or one part of a split one. */
export class TracePart {
  readonly kernels = new KernelAggregator();
  readonly uncategorised = new KernelAggregator();
  readonly spans: SpanPairer;
  badDuration = 0;
  /** Index of the first event with an unusable `dur`, -1 when none. */
  firstBadDuration = -1;
  readonly overlaps = new OverlapTracker();
  openEnded = false;
  failure: ScanFailure | undefined;

  /** `continuation`: this part follows another (E events may close that part's B events). */
  constructor(continuation = false) {
    this.spans = new SpanPairer(continuation);
  }

  readonly onEvent = (ev: EventFields): void => {
    if (ev.ph === 0x42) return this.spans.begin(ev);
    if (ev.ph === 0x45) return this.spans.end(ev);
    if (ev.ph !== 0x58 || ev.cat === CAT_OTHER) return;
    const table = ev.cat === CAT_KERNEL ? this.kernels : this.uncategorised;
    const dur = ev.dur;
    if (ev.durNotNumber || !(dur >= 0) || dur === Infinity) {
      if (this.badDuration++ === 0) this.firstBadDuration = ev.index;
      return;
    }
    if (ev.nameBuf !== null) table.addBytes(ev.nameBuf, ev.nameStart, ev.nameEnd, dur);
    else table.addText(ev.nameText ?? '', dur);
    if (table === this.uncategorised) this.overlaps.add(threadKey(ev), tokenNumber(ev.ts), dur);
  };

  /** Feed chunks to `scanner` (built with this part's `onEvent`) until they end or it fails; false once it failed. */
  async scan(scanner: TraceScanner, chunks: AsyncIterable<Buffer>): Promise<boolean> {
    try {
      for await (const chunk of chunks) {
        if (!scanner.write(chunk)) break;
      }
    } catch (e) {
      // A corrupt gzip stream or a read error: what was read so far stays summarised.
      this.failure = { kind: 'read', offset: scanner.offset, message: (e as Error).message };
      return false;
    }
    this.failure = scanner.failure;
    return this.failure?.kind !== 'syntax';
  }

  /** The part as plain data, after its last chunk. */
  data(): PartData {
    const { kernels, uncategorised, badDuration, firstBadDuration, failure } = this;
    const s = this.spans;
    const spans: SpanData = { kernels: plainTable(s.kernels), problems: s.problems, firstProblem: s.firstProblem, open: s.open, earlyEnds: s.earlyEnds };
    const o = this.overlaps;
    const overlaps: OverlapData = { count: o.count, first: o.first, last: o.last };
    return { kernels: plainTable(kernels), uncategorised: plainTable(uncategorised), spans, badDuration, firstBadDuration, overlaps, openEnded: this.openEnded, ...(failure ? { failure } : {}) };
  }

  /** Merge the part that follows this one, whose element indices start at `base`. */
  absorb(later: PartData, base: number): void {
    this.kernels.absorb(later.kernels);
    this.uncategorised.absorb(later.uncategorised);
    this.spans.absorb(later.spans, base);
    if (this.badDuration === 0 && later.badDuration > 0) this.firstBadDuration = later.firstBadDuration + base;
    this.badDuration += later.badDuration;
    this.overlaps.absorb(later.overlaps);
    this.openEnded = later.openEnded;
    // A later syntax or read error ends the scan as it would have in one pass; an earlier shape problem is reported first.
    if (later.failure !== undefined && (later.failure.kind !== 'shape' || this.failure === undefined)) this.failure = later.failure;
  }

  /** The summary, once every part is in. */
  summary(eventsPointer: string): TraceSummary {
    this.spans.finish();
    const s = this.spans;
    return {
      kernels: this.kernels,
      uncategorised: this.uncategorised,
      spanKernels: s.kernels,
      badDuration: this.badDuration,
      ...(this.badDuration > 0 ? { firstBadDuration: `${eventsPointer}/${this.firstBadDuration}/dur` } : {}),
      unpairedSpans: s.problems,
      ...(s.problems > 0 ? { firstUnpairedSpan: `${eventsPointer}/${s.firstProblem}` } : {}),
      ...(this.openEnded ? { openEnded: true } : {}),
      uncategorisedOverlaps: this.overlaps.count,
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }
}

function plainTable(t: KernelTable): KernelTable {
  return { byName: t.byName, totalUs: t.totalUs, events: t.events };
}

/**
 * A small trace that takes every branch of the scanner: escapes (also `\u`), exponents, negative
 * numbers, literals, nested values, string and number tids, B/E pairs, every `cat` kind, compact
 * and Paddle-style indented (`{ ` then a new line, white space runs after values).
 */
function primerText(): Buffer {
  const event = (i: number) =>
    `{"name": "k\\u0041${i}[0.0${i} ms]", "ph": "X", "cat": "${i % 2 ? 'Kernel' : 'Operator'}", "ts": ${1e15 + i}, "dur": ${i}.5e0, "pid": ${i}, "tid": "${i}(C++)", ` +
    `"args": {"a": [1, -2.5, true , false\n, null\t, {"b": "c\\n"} ], "x": 1E+2 , "y": -0\n}},\n` +
    `{"name": "s", "ph": "B", "cat": "kernel", "ts": ${i}, "pid": 1, "tid": 2}, {"name": "s", "ph": "E", "ts": ${i + 1}.25, "pid": 1, "tid": 2}, ` +
    `{"ph": "i", "name": 3, "cat": null, "dur": "x", "ts": "y"}, {"ph": "X", "name": "u", "dur": 1, "ts": ${i * 3}, "tid": 9},\n`;
  const compact = Array.from({ length: 10 }, (_, i) => event(i)).join('');
  const indented = Array.from({ length: 10 }, (_, i) => event(i + 10)).join('').replace(/\{"/g, '{ \n    "').replace(/, "/g, ',\n    "').replace(/\},\n/g, '\n  },\n  \n  ');
  return Buffer.from(`{"schemaVersion": "1.0.1", "traceEvents": [\n${compact}${indented}{}], "ExtraInfo": {"k": "v"}}`);
}

let primed = false;

/**
 * V8 optimises the scan loop from the branches it has seen run; a branch first taken deep into a
 * big trace (an escape, an exponent, a token across a chunk's edge) throws that code away and
 * the chunk goes on unoptimised until it is rebuilt, about ten times per trace. Scanning a small
 * trace that takes every branch first, whole and in short chunks, avoids that: about a quarter
 * less CPU on a 256 MiB trace for about 5 ms, once per thread, for big traces only.
 */
export function primeScanner(): void {
  if (primed) return;
  primed = true;
  const text = primerText();
  for (const size of [text.length, 61, 13]) {
    const part = new TracePart();
    const scanner = new TraceScanner(part.onEvent);
    for (let at = 0; at < text.length; at += size) scanner.write(text.subarray(at, at + size));
    scanner.end();
    if (scanner.failure) throw new Error(`scanner primer: ${scanner.failure.message}`);
  }
}

/** Stream a trace through the scanner in one pass. */
export async function summariseTrace(chunks: AsyncIterable<Buffer>): Promise<TraceSummary> {
  const part = new TracePart();
  const scanner = new TraceScanner(part.onEvent);
  if (await part.scan(scanner, chunks)) finishScan(part, scanner);
  return part.summary(scanner.eventsPointer);
}

/** The end of input: a truncated file is a syntax error. */
function finishScan(part: TracePart, scanner: TraceScanner): void {
  scanner.end();
  part.failure = scanner.failure;
  part.openEnded = scanner.openEnded;
}

/** Where a trace is cut in two: `offset` is the first byte of an element of the events array. */
export interface Split {
  offset: number;
  /** `{"traceEvents": [...]}` rather than a bare array. */
  objectForm: boolean;
}

/** Scan the part of a trace from `split.offset` to its end, as the second of two parts. */
export async function scanSecondPart(chunks: AsyncIterable<Buffer>, split: Split): Promise<PartData> {
  primeScanner();
  const part = new TracePart(true);
  const scanner = new TraceScanner(part.onEvent, split);
  if (await part.scan(scanner, chunks)) finishScan(part, scanner);
  return part.data();
}

/**
 * Summarise a trace cut at `split`: the first part is scanned here while `second` (the other
 * part, scanned elsewhere from `split.offset`; undefined if that failed) runs. When this scan reaches the cut in exactly
 * the state the second part assumed, the parts are merged; otherwise (the cut fell inside a
 * string or a nested value) this scan goes on over the rest and `cancel` drops the other.
 * Either way the result is that of one pass, but for the order in which durations are summed.
 */
export async function summariseSplit(
  read: (start: number, end?: number) => AsyncIterable<Buffer>,
  split: Split,
  second: Promise<PartData | undefined>,
  cancel: () => void,
): Promise<TraceSummary> {
  const part = new TracePart();
  const scanner = new TraceScanner(part.onEvent);
  let merged = false;
  if (await part.scan(scanner, read(0, split.offset))) {
    if (scanner.atElementStart(split.objectForm)) {
      const later = await second;
      if (later !== undefined) {
        part.absorb(later, scanner.nextIndex);
        merged = true;
      }
    }
    if (!merged && (await part.scan(scanner, read(split.offset)))) finishScan(part, scanner);
  }
  if (!merged) cancel();
  return part.summary(scanner.eventsPointer);
}

/**
 * Summarising a trace file on two cores. A trace over SPLIT_MIN_BYTES (uncompressed) is cut
 * near its middle, just before an element of its events array; a worker thread scans the second
 * part while this thread scans the first, and `summariseSplit` merges them only if the first
 * scan confirms the cut (otherwise it finishes alone). The cut depends on the file alone, so the
 * same file always gives the same sums, on one core or many.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { stripBom } from '../../util/text.js';
import { startModuleWorker } from '../../util/worker.js';
import { primeScanner, summariseSplit, summariseTrace, type PartData, type Split, type TraceSummary } from './trace-summary.js';

/** Below this, starting a worker (about 50 ms) saves little. */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;
/** From this size on (compressed or not) the scanner is primed first (`primeScanner`). */
const PRIME_MIN_BYTES = 4 * 1024 * 1024;
/** How far past the middle a cut is looked for. */
const SEARCH_BYTES = 1024 * 1024;
/** 4 MiB reads: the default 64 KiB means many syscalls and event-loop turns on GB-sized traces. */
const READ_BYTES = 4 * 1024 * 1024;

export interface TraceFile {
  path: string;
  size: number;
  gzip: boolean;
  /** The first bytes as text (it tells an object from a bare array). */
  head: string;
  /** The (decompressed) bytes, for traces that are not split. */
  stream(): AsyncIterable<Buffer>;
}

/** Summarise a trace, on two cores when it is big and not compressed. */
export async function summariseTraceFile(input: TraceFile, minSplitBytes = SPLIT_MIN_BYTES): Promise<TraceSummary> {
  if (input.size >= PRIME_MIN_BYTES) primeScanner();
  const split = !input.gzip && input.size >= minSplitBytes ? await findSplit(input) : undefined;
  if (split === undefined) return summariseTrace(input.stream());
  const worker = startWorker(input.path, split);
  return summariseSplit((start, end) => readRange(input.path, start, end), split, worker.result, worker.cancel);
}

/** Bytes `[start, end)` of a file (to its end without `end`). */
export function readRange(file: string, start: number, end?: number): Readable {
  return createReadStream(file, { start, ...(end !== undefined ? { end: end - 1 } : {}), highWaterMark: READ_BYTES });
}

/** What the worker thread is given. */
export interface WorkerJob {
  file: string;
  split: Split;
}

function startWorker(file: string, split: Split): { result: Promise<PartData | undefined>; cancel: () => void } {
  const workerData: WorkerJob = { file, split };
  const worker = startModuleWorker(import.meta.url, 'trace-worker', workerData);
  const result = new Promise<PartData | undefined>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  return { result, cancel: () => void worker.terminate() };
}

/** Where to cut a trace file in two, or undefined when it is not worth it or no cut is found. */
export async function findSplit(input: Pick<TraceFile, 'path' | 'size' | 'head'>): Promise<Split | undefined> {
  const first = stripBom(input.head).trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  const { size } = input;
  const fh = await open(input.path, 'r');
  try {
    const middle = Math.floor(size / 2);
    const window = Buffer.alloc(Math.min(SEARCH_BYTES, size - middle));
    const { bytesRead } = await fh.read(window, 0, window.length, middle);
    const at = cutCandidate(window.subarray(0, bytesRead));
    return at < 0 ? undefined : { offset: middle + at, objectForm: first === '{' };
  } finally {
    await fh.close();
  }
}

/**
 * Index of the first `{` that follows `}` and `,` (whitespace around them allowed): most likely
 * the start of an event after its predecessor. Only likely: it may sit in a string or a nested
 * array, which the first part's scan finds out before the parts are merged. -1 when none.
 */
export function cutCandidate(buf: Buffer): number {
  const ws = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  for (let i = buf.indexOf(0x7b, 1); i > 0; i = buf.indexOf(0x7b, i + 1)) {
    let p = i - 1;
    while (p >= 0 && ws(buf[p])) p--;
    if (buf[p] !== 0x2c) continue;
    p--;
    while (p >= 0 && ws(buf[p])) p--;
    if (buf[p] === 0x7d) return i;
  }
  return -1;
}

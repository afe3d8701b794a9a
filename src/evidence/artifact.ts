import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { ArtifactInput } from '../adapters/types.js';
import { parseJson } from '../util/json.js';
import { readJsonSkipping } from '../util/json-skim.js';
import { lineLimit, sizeLimit } from '../util/input-limits.js';
import { streamEncoding } from './decode.js';

const HEAD_BYTES = 64 * 1024;
/** JSON inputs above this are streamed (values of keys the adapter skips are never held). */
export const STREAM_JSON_BYTES = 64 * 1024 * 1024;
/** Above this, text() refuses: V8 strings top out near 512 MiB and memory matters more. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;
/** How many times its size a gzip input may inflate to (beyond MAX_TEXT_BYTES): real traces and logs compress 5-30x, a bomb 1000x. */
export const MAX_GZIP_RATIO = 64;
/**
 * Files up to this size are read whole, in one call: detection, parsing, hashing and the
 * published copy all use the same bytes. Larger files are read for their head only and streamed.
 */
export const READ_WHOLE_BYTES = 1024 * 1024;
/** A NUL byte this early in a file's head means binary content (the `other` adapter's rule). */
const BINARY_SNIFF_BYTES = 8192;
/** Chunk size of stream() over bytes in memory, as a file stream would deliver them. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Inflated output per chunk: zlib's default 16 KiB made a 537 MB trace 33,000 chunks through the
 * streams and the scanner, 2.3 s against `zcat | wc -l`'s 1.6 s; 1 MiB chunks take 1.6 s.
 */
const INFLATE_CHUNK_BYTES = 1024 * 1024;

/** What one read of a file gives: its size and either all of its bytes or its first 64 KiB. */
export interface FileContent {
  /** Absolute path. */
  readonly path: string;
  /** Bytes on disk. */
  readonly size: number;
  /** The whole file, when it is at most READ_WHOLE_BYTES. */
  readonly bytes?: Buffer;
  /** The first 64 KiB (raw: still compressed when gzip). */
  readonly head: Buffer;
}

/**
 * A buffer whole reads go into, reused from file to file by a caller that is done with a file's
 * bytes (and every input made of them) before it reads the next, as collect is: 10,000 reads
 * of fresh buffers left tens of MiB of garbage outside the heap for the GC to find.
 */
export interface ReadBuffer {
  buffer: Buffer;
}

/**
 * Read a file with one open, one fstat and (for files up to READ_WHOLE_BYTES) one read of all of
 * it; larger files get one read of their head. Synchronous on purpose: measured on page-cached
 * evidence trees, promise-based reads with 8 or 32 in flight were 2-3x slower than this for
 * files of tens of KiB, because each costs several thread-pool round trips. With `reuse`, the
 * bytes of a small file are a view of its buffer, except gzip data: inflating runs in the thread
 * pool and may still be reading them when the next file is read.
 */
export function readFileContent(filePath: string, reuse?: ReadBuffer): FileContent {
  const abs = path.resolve(filePath);
  const fd = openSync(abs, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= READ_WHOLE_BYTES) {
      if (reuse && reuse.buffer.length < size) reuse.buffer = Buffer.allocUnsafeSlow(Math.min(READ_WHOLE_BYTES, Math.max(size, 2 * reuse.buffer.length)));
      const read = readUpTo(fd, size, reuse?.buffer);
      const bytes = reuse && read.length >= 2 && read[0] === 0x1f && read[1] === 0x8b ? Buffer.from(read) : read;
      return { path: abs, size: bytes.length, bytes, head: bytes.subarray(0, HEAD_BYTES) };
    }
    return { path: abs, size, head: readUpTo(fd, HEAD_BYTES) };
  } finally {
    closeSync(fd);
  }
}

/** Up to `n` bytes from the start of a file (fewer when it is shorter than fstat said), into `into` when given. */
function readUpTo(fd: number, n: number, into?: Buffer): Buffer {
  const buf = into ?? Buffer.allocUnsafe(n);
  let got = 0;
  while (got < n) {
    const r = readSync(fd, buf, got, n - got, got);
    if (r === 0) break;
    got += r;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}

/** Open a file as an adapter input: reads it whole when small, else only its first 64 KiB. */
export async function openArtifact(filePath: string, displayPath = filePath): Promise<ArtifactInput> {
  return artifactFromContent(readFileContent(filePath), displayPath);
}

/** An adapter input over what readFileContent() read; further reads only for large files. */
export function artifactFromContent(content: FileContent, displayPath = content.path): ArtifactInput {
  const { path: abs, size } = content;
  const gzip = content.head.length >= 2 && content.head[0] === 0x1f && content.head[1] === 0x8b;
  // The decode stage: adapters read UTF-8, whatever the file's own encoding (UTF-16, latin-1).
  const encoding = gzip ? undefined : streamEncoding(content.head);
  const utf8 = (b: Buffer) => (encoding ? Buffer.from(new TextDecoder(encoding).decode(b), 'utf8') : b);
  const bytes = content.bytes && utf8(content.bytes);
  const headBytes = gzip ? gunzipHead(content.head) : utf8(content.head);
  const raw = (): Readable => {
    if (!bytes) {
      // 4 MiB reads: the default 64 KiB means many syscalls and event-loop turns on GB-sized traces.
      const s = createReadStream(abs, { highWaterMark: CHUNK_BYTES });
      return encoding ? through(s, toUtf8(encoding)) : s;
    }
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) chunks.push(bytes.subarray(at, at + CHUNK_BYTES));
    return Readable.from(chunks, { objectMode: false });
  };
  // Inflated bytes are counted: the size on disk says nothing about what a gzip inflates to.
  const stream = (): Readable => (gzip ? through(through(raw(), createGunzip({ chunkSize: INFLATE_CHUNK_BYTES })), sizeLimit(displayPath, Math.max(MAX_TEXT_BYTES, MAX_GZIP_RATIO * size), 'inflates to')) : raw());
  const whole = async (): Promise<Buffer> => {
    if (size > MAX_TEXT_BYTES) throw new Error(`${displayPath} is ${size} bytes: too large to read whole`);
    if (!gzip && (bytes || !encoding)) return bytes ?? readFile(abs);
    const chunks: Buffer[] = [];
    for await (const c of through(stream(), sizeLimit(displayPath, MAX_TEXT_BYTES, gzip ? 'inflates to' : 'holds'))) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const text = async () => (await whole()).toString('utf8');
  const nul = headBytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  let head: string | undefined;
  let lines: readonly string[] | undefined;
  // Decoded on first use: the head of binary content, which only `other` is asked about, never is.
  const decoded = () => (head ??= decodeHead(headBytes, nul));
  return {
    path: abs,
    displayPath,
    name: path.basename(abs),
    size,
    gzip,
    get head() {
      return decoded();
    },
    headBytes,
    binary: nul >= 0,
    headLines: () => (lines ??= decoded().split(/\r?\n/)),
    text,
    bytes: whole,
    async json(skipKeys = []) {
      // With no keys to drop, skimming saves nothing: one JSON.parse of the text is faster.
      if (!gzip && (size <= STREAM_JSON_BYTES || (skipKeys.length === 0 && size <= MAX_TEXT_BYTES))) return parseJson(await text(), displayPath);
      return readJsonSkipping(stream(), new Set(skipKeys), displayPath);
    },
    stream,
    lines() {
      if (bytes && !gzip) return linesOf(bytes.toString('utf8'));
      return createInterface({ input: through(stream(), lineLimit(displayPath)), crlfDelay: Infinity });
    },
  };
}

/**
 * The head as adapters read it (decoded once, shared by every detect()). Text is decoded as
 * UTF-8. Binary content (a NUL in the first 8 KiB) is decoded as UTF-8 up to that NUL and one
 * character per byte after it: UTF-8 decoding of random bytes is about 100x slower than of text,
 * and what adapters look for past a NUL (ASCII signatures, the first NUL or U+FFFD) reads the same.
 */
function decodeHead(headBytes: Buffer, nul: number): string {
  return nul < 0 ? headBytes.toString('utf8') : headBytes.toString('utf8', 0, nul) + headBytes.toString('latin1', nul);
}

/**
 * Lines of text in memory, split exactly as `readline` with `crlfDelay: Infinity` splits a
 * stream: at CRLF, LF or a lone CR, with no empty line after a final terminator.
 */
async function* linesOf(text: string): AsyncGenerator<string> {
  const eol = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = eol.exec(text); m !== null; m = eol.exec(text)) {
    yield text.slice(start, m.index);
    start = eol.lastIndex;
  }
  if (start < text.length) yield text.slice(start);
}

/** Re-encode a stream of `encoding` text as UTF-8 (characters split across chunks included). */
function toUtf8(encoding: string): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}

/** `src.pipe(next)`, with an error of `src` (a damaged gzip, a read error) passed on to `next`. */
function through<T extends NodeJS.WritableStream & Readable>(src: Readable, next: T): T {
  src.on('error', (e) => next.destroy(e));
  return src.pipe(next);
}

/** Decompress as much of a gzip head as the bytes we have allow. */
function gunzipHead(raw: Buffer): Buffer {
  try {
    return gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a cut stream */ }).subarray(0, HEAD_BYTES);
  } catch {
    return Buffer.alloc(0);
  }
}

/** An in-memory input, for tests and for `inspect -` style use. */
export function artifactFromText(name: string, content: string, displayPath = name): ArtifactInput {
  const bytes = Buffer.from(content, 'utf8');
  return artifactFromContent({ path: name, size: bytes.length, bytes, head: bytes.subarray(0, HEAD_BYTES) }, displayPath);
}

import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { ArtifactInput } from '../adapters/types.js';
import { parseJson } from '../util/json.js';
import { readJsonSkipping } from '../util/json-skim.js';

const HEAD_BYTES = 64 * 1024;
/** JSON inputs above this are streamed (values of keys the adapter skips are never held). */
export const STREAM_JSON_BYTES = 64 * 1024 * 1024;
/** Above this, text() refuses: V8 strings top out near 512 MiB and memory matters more. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** Open a file as an adapter input: reads only its first 64 KiB now. */
export async function openArtifact(filePath: string, displayPath = filePath): Promise<ArtifactInput> {
  const abs = path.resolve(filePath);
  const info = await stat(abs);
  const fh = await open(abs, 'r');
  let raw: Buffer;
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    raw = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const gzip = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  const head = gzip ? gunzipHead(raw) : raw.toString('utf8');
  const stream = (): Readable => {
    // 4 MiB reads: the default 64 KiB means many syscalls and event-loop turns on GB-sized traces.
    const s = createReadStream(abs, { highWaterMark: 4 * 1024 * 1024 });
    return gzip ? s.pipe(createGunzip()) : s;
  };
  const text = async () => {
    if (info.size > MAX_TEXT_BYTES) throw new Error(`${displayPath} is ${info.size} bytes: too large to read whole`);
    const chunks: Buffer[] = [];
    for await (const c of stream()) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  return {
    path: abs,
    displayPath,
    name: path.basename(abs),
    size: info.size,
    gzip,
    head,
    text,
    async json(skipKeys = []) {
      if (info.size <= STREAM_JSON_BYTES && !gzip) return parseJson(await text(), displayPath);
      return readJsonSkipping(stream(), new Set(skipKeys), displayPath);
    },
    stream,
    lines() {
      return createInterface({ input: stream(), crlfDelay: Infinity });
    },
  };
}

/** Decompress as much of a gzip head as the bytes we have allow. */
function gunzipHead(raw: Buffer): string {
  try {
    return gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a cut stream */ }).subarray(0, HEAD_BYTES).toString('utf8');
  } catch {
    return '';
  }
}

/** An in-memory input, for tests and for `inspect -` style use. */
export function artifactFromText(name: string, content: string, displayPath = name): ArtifactInput {
  const bytes = Buffer.from(content, 'utf8');
  return {
    path: name,
    displayPath,
    name: path.basename(name),
    size: bytes.length,
    gzip: false,
    head: bytes.subarray(0, HEAD_BYTES).toString('utf8'),
    text: async () => content,
    json: async () => parseJson(content, displayPath),
    stream: () => Readable.from([bytes]),
    lines() {
      return createInterface({ input: Readable.from([bytes]), crlfDelay: Infinity });
    },
  };
}

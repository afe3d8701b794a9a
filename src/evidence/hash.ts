import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Largest read when hashing: few syscalls on big files. */
const CHUNK = 4 * 1024 * 1024;

/**
 * SHA-256 of a file, hex. Two buffers are reused in turn and the next read runs (in libuv's
 * thread pool) while this thread hashes the last one, so reading costs almost nothing on top of
 * hashing and no memory is allocated per chunk.
 */
export async function sha256File(file: string): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const h = createHash('sha256');
    // Small files get small buffers (many are hashed at once); a file that grows is still read to its end.
    const size = Math.min(CHUNK, Math.max(64 * 1024, (await fh.stat()).size));
    const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    let position = 0;
    let k = 0;
    let pending = fh.read(buffers[0]!, 0, size, position);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const current = buffers[k]!;
      position += bytesRead;
      k ^= 1;
      pending = fh.read(buffers[k]!, 0, size, position);
      h.update(current.subarray(0, bytesRead));
    }
    return h.digest('hex');
  } finally {
    await fh.close();
  }
}

export function sha256Text(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/*
 * Worker source, inline so it runs the same from src/ (tests) and dist/ (the bin). Each worker
 * hashes whole files with synchronous 1 MiB reads: hashing runs on the worker's core, so two
 * workers use both cores of a small CI machine.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buf = Buffer.allocUnsafe(1 << 20);
function one(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
    const h = createHash('sha256');
    let n;
    while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
    return { sha256: h.digest('hex') };
  } catch (e) {
    return { error: String((e && e.message) || e) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
parentPort.on('message', (batch) => parentPort.postMessage(batch.map(({ i, file }) => ({ i, ...one(file) }))));
`;

/** Files go to workers in batches of about this many bytes, so small files cost few messages. */
const BATCH_BYTES = 16 * 1024 * 1024;
const BATCH_FILES = 512;

/** Below this many bytes in all, starting workers costs more than it saves. */
const POOL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * SHA-256 of many files, in input order. Large batches are spread over worker threads (one per
 * core, at most `workers`); small ones are hashed here. A file that cannot be read yields an
 * Error in its slot instead of failing the batch.
 */
export async function sha256Files(files: readonly { file: string; bytes: number }[], workers = availableParallelism()): Promise<(string | Error)[]> {
  const total = files.reduce((s, f) => s + f.bytes, 0);
  if (total < POOL_MIN_BYTES || workers < 2 || files.length < 2) {
    return Promise.all(files.map((f) => sha256File(f.file).catch((e: unknown) => e as Error)));
  }
  const out: (string | Error)[] = new Array(files.length);
  // Largest first, so one big file does not end up last on a busy worker.
  const order = files.map((_, i) => i).sort((a, b) => files[b]!.bytes - files[a]!.bytes);
  const batches: { i: number; file: string }[][] = [];
  let batch: { i: number; file: string }[] = [];
  let batchBytes = 0;
  for (const i of order) {
    batch.push({ i, file: files[i]!.file });
    batchBytes += files[i]!.bytes;
    if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_FILES) {
      batches.push(batch);
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) batches.push(batch);
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, batches.length) }, () => new Worker(WORKER_SOURCE, { eval: true, execArgv: [] }));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= batches.length) return resolve();
              w.postMessage(batches[next++]);
            };
            w.on('message', (results: { i: number; sha256?: string; error?: string }[]) => {
              for (const r of results) out[r.i] = r.sha256 ?? new Error(r.error);
              feed();
            });
            w.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}

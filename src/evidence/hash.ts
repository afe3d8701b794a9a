import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Largest read when hashing: few syscalls on big files. */
const CHUNK = 4 * 1024 * 1024;

/** Read buffers of CHUNK bytes kept between calls: allocating 8 MiB per file kept the GC busy. */
const pool: Buffer[] = [];

/**
 * SHA-256 of a file, hex. Two buffers are used in turn and the next read runs (in libuv's
 * thread pool) while this thread hashes the last one, so reading costs almost nothing on top of
 * hashing. Buffers come from a pool, so hashing many large files allocates nothing per file.
 * `head`, when given, must be the file's first bytes: hashing goes on after them.
 */
export async function sha256File(file: string, head?: Buffer): Promise<string> {
  const fh = await open(file, 'r');
  const buffers = [pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK), pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK)] as const;
  try {
    const h = createHash('sha256');
    // The first bytes, when the caller read them already (collect's head of a large file), are not read twice.
    if (head) h.update(head);
    let position = head?.length ?? 0;
    let k = 0;
    let pending = fh.read(buffers[0], 0, CHUNK, position);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const current = buffers[k]!;
      position += bytesRead;
      k ^= 1;
      pending = fh.read(buffers[k]!, 0, CHUNK, position);
      h.update(current.subarray(0, bytesRead));
    }
    return h.digest('hex');
  } finally {
    await fh.close();
    pool.push(...buffers);
  }
}

export function sha256Text(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

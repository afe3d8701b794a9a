import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Streaming SHA-256 of a file, hex. 1 MiB reads keep syscalls few on large files. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file, { highWaterMark: 1024 * 1024 })
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export function sha256Text(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

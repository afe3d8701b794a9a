/**
 * SHA-256 of files equals crypto's digest of the whole content: for sizes around the 4 MiB read
 * size, through the single-file path and the worker pool, with unreadable files reported in place.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File, sha256Files } from '../../src/evidence/hash.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: number): { file: string; bytes: number; want: string } {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 31 + (i >> 11)) & 0xff;
  const p = path.join(dir, name);
  writeFileSync(p, b);
  return { file: p, bytes, want: createHash('sha256').update(b).digest('hex') };
}

describe('sha256File', () => {
  it('equals the digest of the whole content around the read size', async () => {
    for (const bytes of [0, 1, 4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 8 * MiB + 3]) {
      const f = file(`f${bytes}.bin`, bytes);
      expect(await sha256File(f.file), String(bytes)).toBe(f.want);
    }
  });

  it('rejects a missing file', async () => {
    await expect(sha256File(path.join(dir, 'missing.bin'))).rejects.toThrow(/ENOENT/);
  });
});

describe('sha256Files', () => {
  it('hashes many files in input order on worker threads, an unreadable one as an Error in its slot', async () => {
    const files = Array.from({ length: 12 }, (_, i) => file(`m${i}.bin`, 3 * MiB + i));
    const missing = { file: path.join(dir, 'gone.bin'), bytes: 5 * MiB };
    const got = await sha256Files([...files, missing], 2);
    expect(got.slice(0, 12)).toEqual(files.map((f) => f.want));
    expect(got[12]).toBeInstanceOf(Error);
  });
});

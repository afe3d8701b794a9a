/** SHA-256 of a streamed file equals crypto's digest of the whole content around the 4 MiB read size. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../src/evidence/hash.js';

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

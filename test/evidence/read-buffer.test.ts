/**
 * readFileContent with a reused buffer (collect's reads): small files land in the one buffer,
 * grown as needed, and read back exactly; gzip data never does, as inflating it may still be
 * under way when the next file is read.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readFileContent, type ReadBuffer } from '../../src/evidence/artifact.js';
import { tempDir } from '../pipeline/helpers.js';

describe('readFileContent into a reused buffer', () => {
  it('reads each file exactly, growing the buffer; a gzip file gets bytes of its own', () => {
    const dir = tempDir();
    const small = Buffer.from('INFO first line\n');
    const big = Buffer.alloc(300 * 1024, 'abc\n');
    const gz = gzipSync(Buffer.from('INFO zipped\n'));
    for (const [name, data] of [['a.log', small], ['b.log', big], ['c.log.gz', gz]] as const) writeFileSync(path.join(dir, name), data);
    const reuse: ReadBuffer = { buffer: Buffer.alloc(0) };

    const a = readFileContent(path.join(dir, 'a.log'), reuse);
    expect(a.bytes).toEqual(small);
    expect(a.bytes!.buffer).toBe(reuse.buffer.buffer);
    const b = readFileContent(path.join(dir, 'b.log'), reuse);
    expect(b.bytes).toEqual(big);
    expect(reuse.buffer.length).toBeGreaterThanOrEqual(big.length);
    expect(b.head).toEqual(big.subarray(0, 64 * 1024));

    const c = readFileContent(path.join(dir, 'c.log.gz'), reuse);
    expect(c.bytes).toEqual(gz);
    expect(c.bytes!.buffer).not.toBe(reuse.buffer.buffer);
    readFileContent(path.join(dir, 'b.log'), reuse);
    expect(c.bytes).toEqual(gz);
  });
});

/** The one-read adapter input: what adapters see must not depend on whether a file was read whole. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAdapter } from '../../src/adapters/registry.js';
import { artifactFromContent, artifactFromText, openArtifact, readFileContent } from '../../src/evidence/artifact.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-input-'));

async function collectLines(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describe('lines() of a file read whole', () => {
  it('splits exactly as readline does (LF, CRLF, lone CR, no line after a final terminator)', async () => {
    const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r', '\r\n', '中', '');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), async (pieces) => {
        const text = pieces.join('');
        const want = await collectLines(createInterface({ input: Readable.from([Buffer.from(text)]), crlfDelay: Infinity }));
        expect(await collectLines(artifactFromText('x.txt', text).lines())).toEqual(want);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('the shared head', () => {
  it('is the UTF-8 text of the first 64 KiB, with its line index', () => {
    const input = artifactFromText('x.log', '\uFEFFfirst\r\nsecond\nthird');
    expect(input.binary).toBe(false);
    expect(input.headLines()).toEqual(['\uFEFFfirst', 'second', 'third']);
    expect(input.headLines()).toBe(input.headLines());
  });

  it('of binary content reads as UTF-8 up to the first NUL and byte for byte after it', () => {
    const bytes = Buffer.concat([Buffer.from('PNG中\n', 'utf8'), Buffer.from([0, 0xff, 0x41, 0xc3])]);
    const file = path.join(dir, 'img.bin');
    writeFileSync(file, bytes);
    const input = artifactFromContent(readFileContent(file));
    expect(input.binary).toBe(true);
    expect(input.head).toBe('PNG中\n\u0000\u00ffA\u00c3');
    expect(input.headBytes.equals(bytes)).toBe(true);
  });

  it('is asked of text adapters only for text, unless the user forces a kind', async () => {
    const file = path.join(dir, 'perf_stat.txt');
    writeFileSync(file, Buffer.from([0x50, 0, 1, 2, 3]));
    const input = await openArtifact(file);
    expect((await chooseAdapter(input))?.id).toBe('other');
    expect((await chooseAdapter(input, 'cpu-counters'))?.id).toBe('perf-stat');
  });
});

describe('stream() and text() of a file read whole', () => {
  it('give the bytes on disk', async () => {
    const file = path.join(dir, 'big.txt');
    const text = 'x'.repeat(5 * 1024 * 1024) + '\n尾\n';
    writeFileSync(file, text);
    const input = await openArtifact(file);
    const chunks: Buffer[] = [];
    for await (const c of input.stream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
    expect(await input.text()).toBe(text);
    expect(input.size).toBe(Buffer.byteLength(text));
  });
});

import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/util/json.js';
import { readJsonSkipping } from '../../src/util/json-skim.js';

/** The text split into chunks at the given cut points, as a stream of Buffers. */
function chunked(text: string, cuts: number[]): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    parts.push(bytes.subarray(at, p));
    at = p;
  }
  parts.push(bytes.subarray(at));
  return Readable.from(parts.filter((p) => p.length > 0));
}

describe('readJsonSkipping', () => {
  it('equals JSON.parse with the skipped top-level values set to null, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        async (obj, cuts, pick, pretty) => {
          const keys = Object.keys(obj);
          const skip = new Set(pick.filter(() => keys.length > 0).map((n) => keys[n % keys.length]!));
          const text = JSON.stringify(obj, null, pretty ? 2 : 0);
          const expected = Object.fromEntries(Object.entries(JSON.parse(text) as object).map(([k, v]) => [k, skip.has(k) ? null : v]));
          const r = await readJsonSkipping(chunked(text, cuts), skip, 'x.json');
          expect(r).toEqual({ ok: true, value: expected });
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('drops a skipped array of Chinese texts, keeps the numbers around it', async () => {
    const text = '{"ttfts": [0.1, 0.2],\n "generated_texts": ["发票代码：\\"044\\"", "金额：¥ 4,716.98, }"],\n "completed": 2}';
    const r = await readJsonSkipping(chunked(text, [3, 30, 31, 50]), new Set(['generated_texts']), 'x.json');
    expect(r).toEqual({ ok: true, value: { ttfts: [0.1, 0.2], generated_texts: null, completed: 2 } });
  });

  it('reports a truncated file at its end', async () => {
    const text = '{"ttfts": [0.1, 0.2],\n "generated_texts": ["abc", "de';
    const r = await readJsonSkipping(chunked(text, [10]), new Set(['generated_texts']), 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostic).toMatchObject({ id: 'json.syntax', file: 'x.json', line: 2, column: 32 });
  });

  it('reports an error in the kept part at the same line and column as parsing the whole text', async () => {
    const text = '{"generated_texts": ["a",\n "b"],\n "ttfts": [0.1,, 0.2]}';
    const whole = parseJson(text, 'x.json');
    const r = await readJsonSkipping(chunked(text, [5, 40]), new Set(['generated_texts']), 'x.json');
    expect(whole.ok).toBe(false);
    expect(r.ok).toBe(false);
    if (!r.ok && !whole.ok) {
      expect({ line: r.diagnostic.line, column: r.diagnostic.column }).toEqual({ line: whole.diagnostic.line, column: whole.diagnostic.column });
      expect(r.diagnostic).toMatchObject({ line: 3, column: 16 });
    }
  });
});

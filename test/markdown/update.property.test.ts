import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarkdownParser } from '../../src/markdown/parse.js';
import { findRegions } from '../../src/markdown/regions.js';
import { updateDocument } from '../../src/markdown/update.js';
import { contents, freshDoc, type Ev } from './docs.js';

// These tests call the tree-reading functions directly, outside render and check.
beforeAll(() => loadMarkdownParser());

const word = fc.constantFrom('延迟', '吞吐', '结论', '分析', 'latency', 'GEMM', 'kernel', 'P95', '0.42', '70', 'V1.0', '`code`', '**粗体**', '中文', 'x');
const sentence = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const fakeMarker = fc.constantFrom(
  `<!-- rfc-evidence:begin id=formal sha256=${'a'.repeat(64)} -->`,
  '<!-- rfc-evidence:end id=formal -->',
  '<!-- rfc-evidence:regions formal -->',
);

/** Blocks an author writes, each as lines (joined later with LF or CRLF). */
const block: fc.Arbitrary<string[]> = fc.oneof(
  fc.array(sentence, { minLength: 1, maxLength: 3 }),
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((xs) => xs.map((x) => `- ${x}`)),
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((xs) => xs.map((x, i) => `${i + 1}. ${x}`)),
  fc.array(fc.tuple(sentence, fc.integer({ min: 0, max: 999 })), { minLength: 1, maxLength: 3 }).map((rows) => ['| 项目 | 数值 |', '| --- | ---: |', ...rows.map(([a, n]) => `| ${a} | ${n} |`)]),
  fc.tuple(fc.constantFrom('', 'md', 'bash'), fc.array(fc.oneof(sentence, fakeMarker), { minLength: 1, maxLength: 3 })).map(([lang, xs]) => ['```' + lang, ...xs, '```']),
  fc.oneof(sentence, fakeMarker).map((x) => [`<!-- 作者注：${x.replace(/-->/g, '')} -->`]),
  fc.array(sentence, { minLength: 1, maxLength: 2 }).map((xs) => ['<!--', ...xs, '-->']),
  sentence.map((x) => [`### 作者小节 ${x}`]),
  sentence.map((x) => [`> ${x}`]),
);

const prose = fc.array(fc.tuple(block, fc.boolean()), { minLength: 1, maxLength: 3 }).map((bs) => bs.map(([lines, crlf]) => lines.join(crlf ? '\r\n' : '\n')).join('\n\n'));

const ev: fc.Arbitrary<Ev> = fc.record({
  mean: fc.double({ min: 0.01, max: 10, noNaN: true }),
  p95: fc.double({ min: 0.01, max: 10, noNaN: true }),
  rps: fc.double({ min: 0.1, max: 100, noNaN: true }),
  rows: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { maxLength: 4 }),
});

/** Offsets of the blank lines outside regions: where an author can add a block. */
function gaps(doc: string): number[] {
  const { regions } = findRegions(doc);
  const out = [doc.length];
  for (let i = doc.indexOf('\n\n'); i >= 0; i = doc.indexOf('\n\n', i + 1)) {
    if (!regions.some((r) => i >= r.start && i < r.end)) out.push(i + 1);
  }
  return out;
}

/** The document with each region replaced by its id: everything the author owns, plus the record. */
function outside(doc: string, regions = findRegions(doc).regions): string {
  let out = doc;
  for (const r of [...regions].reverse()) out = out.slice(0, r.start) + `[${r.id}]` + out.slice(r.end);
  return out;
}

describe('re-rendering a document', () => {
  it('keeps author prose byte for byte while region contents follow the evidence', () => {
    fc.assert(
      fc.property(ev, fc.array(fc.tuple(fc.nat(), prose), { minLength: 1, maxLength: 6 }), fc.array(ev, { minLength: 1, maxLength: 3 }), (first, insertions, reruns) => {
        let doc = freshDoc(first);
        const points = gaps(doc);
        // Insert from the last offset back so earlier offsets stay valid.
        const at = insertions.map(([n, text]) => ({ offset: points[n % points.length]!, text })).sort((a, b) => b.offset - a.offset);
        for (const { offset, text } of at) doc = offset === doc.length ? `${doc}\n${text}\n` : `${doc.slice(0, offset)}${text}\n\n${doc.slice(offset)}`;
        const authored = outside(doc);
        for (const e of reruns) {
          const u = updateDocument(doc, freshDoc(e));
          expect(u.blocked).toBe(false);
          expect(u.inserted).toEqual([]);
          expect(u.deleted).toEqual([]);
          doc = u.text;
          const found = findRegions(doc);
          expect(outside(doc, found.regions)).toBe(authored);
          expect(found.problems).toEqual([]);
          expect(Object.fromEntries(found.regions.map((r) => [r.id, r.content.replace(/\r\n/g, '\n')]))).toEqual(contents(e));
          for (const r of found.regions) expect(r.actualSha256).toBe(r.recordedSha256);
        }
        // Unchanged evidence: the same bytes.
        expect(updateDocument(doc, freshDoc(reruns.at(-1)!)).text).toBe(doc);
      }),
      { numRuns: 60, seed: 20260423 },
    );
  });
});

/**
 * Region markers and the title read line by line equal what remark finds, on every document
 * where the line reading answers at all; and it answers on most documents the renderer writes.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarkdownParser } from '../../src/markdown/parse.js';
import { markersByLines, markersByTree } from '../../src/markdown/regions.js';
import { titleEndByLines, titleEndByTree } from '../../src/markdown/update.js';

// These tests call the tree-reading functions directly, outside render and check.
beforeAll(() => loadMarkdownParser());

const word = fc.constantFrom('延迟', '吞吐', 'latency', 'P95', '0.42', '`code`', '**粗体**', 'a | b', '<br>', '~~x~~', '\\', '`', '*');
const sentence = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const marker = fc.constantFrom(
  `<!-- rfc-evidence:begin id=formal sha256=${'a'.repeat(64)} -->`,
  `<!-- rfc-evidence:begin id=tail sha256=${'b'.repeat(64)} -->  `,
  '<!-- rfc-evidence:end id=formal -->',
  '<!--rfc-evidence:end id=tail-->',
  '<!-- rfc-evidence:regions formal tail -->',
);
const indent = fc.constantFrom('', '', '', ' ', '   ', '    ', '\t', '> ', '- ', '  ');

/** Lines of a document: prose, containers, fences, HTML, and markers in all of those places. */
const line: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: marker, weight: 4 },
  { arbitrary: fc.tuple(indent, marker).map(([i, m]) => i + m), weight: 1 },
  { arbitrary: sentence, weight: 4 },
  { arbitrary: sentence.map((s) => `- ${s}`), weight: 1 },
  { arbitrary: sentence.map((s) => `> ${s}`), weight: 1 },
  { arbitrary: sentence.map((s) => `| ${s} | 1 |`), weight: 1 },
  { arbitrary: fc.constantFrom('| --- | ---: |', '', '', '### 小节', '---', '===', '    code'), weight: 2 },
  { arbitrary: fc.constantFrom('```', '```bash', '~~~', '  ```', '<details>', '</details>', '<!--', '-->', '<!-- 作者注 -->', '<img src="x.svg">', '<https://example.com>'), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('', ' ', '   ', '    ', '> ', '- ', '1. ', '  '), fc.constantFrom('# ', '#', '## ', '#\t', '#x '), sentence, fc.constantFrom('', '  ', ' ##', '\t')).map((p) => p.join('')), weight: 2 },
  { arbitrary: fc.constantFrom('===', '  ==  ', '= =', '#'), weight: 1 },
);
const doc = fc
  .tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\n', '\r\n', 'mixed'), fc.boolean())
  .map(([lines, eol, lastEol]) => {
    const text = lines.reduce((acc, l, k) => acc + (k === 0 ? '' : eol === 'mixed' ? (k % 2 ? '\r\n' : '\n') : eol) + l, '');
    return lastEol ? text + '\n' : text;
  });

/**
 * On random documents, `byLines` equals `byTree` wherever it answers (not undefined), and it
 * answers for a good share of them, so that the test is not vacuous.
 */
function agreesWhereItAnswers(byLines: (text: string) => unknown, byTree: (text: string) => unknown, seed: number): void {
  let answered = 0;
  let runs = 0;
  fc.assert(
    fc.property(doc, (text) => {
      runs++;
      const got = byLines(text);
      if (got === undefined) return;
      answered++;
      expect(got).toEqual(byTree(text));
    }),
    { numRuns: 1500, seed },
  );
  expect(answered).toBeGreaterThan(runs / 5);
}

describe('region markers by lines', () => {
  it('equal the markers of the remark tree whenever they are read by lines', () => {
    agreesWhereItAnswers(markersByLines, markersByTree, 21);
  });

  it('find the title where the remark tree finds it whenever the lines can tell', () => {
    // No title: null by lines, undefined in the tree.
    const byLines = (t: string) => {
      const end = titleEndByLines(t);
      return end === null ? 'none' : end;
    };
    agreesWhereItAnswers(byLines, (t) => titleEndByTree(t) ?? 'none', 22);
  });

  it('stand aside for documents with code fences, other HTML blocks, indented markers or lone CRs', () => {
    const m = '<!-- rfc-evidence:end id=x -->';
    for (const text of ['```\n' + m + '\n```\n', '<div>\n' + m + '\n</div>\n', ' ' + m + '\n', `a\r${m}\n`, `\uFEFF${m}\n`, `  ~~~\n${m}\n`]) {
      expect(markersByLines(text)).toBeUndefined();
    }
    expect(markersByLines(`| a |\n| - |\n| 1 |\n${m}\r\n> q\n${m}\n`)).toEqual(markersByTree(`| a |\n| - |\n| 1 |\n${m}\r\n> q\n${m}\n`));
  });
});

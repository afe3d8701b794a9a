import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHookText, normaliseForHooks, publishForHooks } from '../../src/evidence/normalise.js';

/*
 * A model of the two pre-commit hooks, byte for byte, written from their rules: trailing-whitespace
 * splits like Python's readlines() (after each \n), takes off the line's \r\n or \n and applies
 * bytes.rstrip() to the rest; end-of-file-fixer adds \n after a last byte that is not \n or \r,
 * empties a file of breaks only, and cuts a final run of breaks to its first \n, \r\n or \r.
 */
const WS = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

function trailingWhitespaceHook(buf: Buffer): Buffer {
  const out: number[] = [];
  let line: number[] = [];
  const flush = () => {
    let eol: number[] = [];
    if (line.length >= 2 && line.at(-2) === 0x0d && line.at(-1) === 0x0a) eol = line.splice(-2);
    else if (line.at(-1) === 0x0a) eol = line.splice(-1);
    while (line.length && WS.has(line.at(-1)!)) line.pop();
    out.push(...line, ...eol);
    line = [];
  };
  for (const b of buf) {
    line.push(b);
    if (b === 0x0a) flush();
  }
  if (line.length) flush();
  return Buffer.from(out);
}

function endOfFileHook(buf: Buffer): Buffer {
  if (buf.length === 0) return buf;
  const isBreak = (b: number | undefined) => b === 0x0a || b === 0x0d;
  if (!isBreak(buf.at(-1))) return Buffer.concat([buf, Buffer.from('\n')]);
  let p = buf.length;
  while (p > 0 && isBreak(buf[p - 1])) p--;
  if (p === 0) return Buffer.alloc(0);
  const rest = buf.subarray(p).toString('latin1');
  for (const seq of ['\n', '\r\n', '\r']) {
    if (rest === seq) return buf;
    if (rest.startsWith(seq)) return buf.subarray(0, p + seq.length);
  }
  return buf;
}

const hooks = (b: Buffer) => endOfFileHook(trailingWhitespaceHook(b));

function withoutFinalBreak(b: Buffer): string {
  return b.toString('latin1').replace(/(\r\n|\n|\r)$/, '');
}

describe('normaliseForHooks', () => {
  const cases: Array<[string, string, string, object]> = [
    ['clean LF', 'a\nb\n', 'a\nb\n', {}],
    ['mx-smi padded columns', '| GPU  NAME   |   \n| 0  MetaX  |  \t\n', '| GPU  NAME   |\n| 0  MetaX  |\n', { trailingWhitespaceLines: 2 }],
    ["json.dump's missing newline", '{"a": 1}', '{"a": 1}\n', { finalNewline: 'added' }],
    ['CRLF kept, trailing blanks stripped', 'a  \r\nb\t\r\n', 'a\r\nb\r\n', { trailingWhitespaceLines: 2 }],
    ['CRLF file without a final break gets CRLF', 'a\r\nb', 'a\r\nb\r\n', { finalNewline: 'added' }],
    ['blank lines at the end', 'a\n\n  \n\n', 'a\n', { trailingWhitespaceLines: 1, finalNewline: 'trimmed' }],
    ['CRLF blank lines at the end', 'a\r\n\r\n', 'a\r\n', { finalNewline: 'trimmed' }],
    ['only breaks and blanks', ' \n\n', '', { trailingWhitespaceLines: 1, finalNewline: 'trimmed' }],
    ['empty stays empty', '', '', {}],
    ['stray CR before the break', 'a\r\r\n', 'a\r\n', { trailingWhitespaceLines: 1 }],
    ['a lone CR at the end is whitespace to the hook', 'a\r', 'a\n', { trailingWhitespaceLines: 1, finalNewline: 'added' }],
    ['non-ASCII untouched', '吞吐 \n', '吞吐\n', { trailingWhitespaceLines: 1 }],
  ];
  for (const [name, input, expected, changes] of cases) {
    it(name, () => {
      const n = normaliseForHooks(Buffer.from(input));
      expect(n.bytes.toString('utf8')).toBe(expected);
      expect(n.changes).toEqual(changes);
      expect(hooks(n.bytes).equals(n.bytes)).toBe(true);
    });
  }

  it('the hooks change nothing in its output, and it differs from theirs only in the style of an added break', () => {
    const byte = fc.constantFrom(0x61, 0x20, 0x09, 0x0d, 0x0a, 0x0b, 0x0c, 0xe5, 0x7c);
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), (bytes) => {
        const input = Buffer.from(bytes);
        const out = normaliseForHooks(input).bytes;
        expect(trailingWhitespaceHook(out).equals(out)).toBe(true);
        expect(endOfFileHook(out).equals(out)).toBe(true);
        expect(normaliseForHooks(out).bytes.equals(out)).toBe(true);
        expect(withoutFinalBreak(out)).toBe(withoutFinalBreak(hooks(input)));
        expect(out.length === 0).toBe(hooks(input).length === 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('publishForHooks', () => {
  it('leaves binary content alone (as identify tags it: NUL, DEL or other control bytes)', () => {
    for (const b of [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x20, 0x0a, 0x20]), Buffer.from('a \x7f \n'), Buffer.from('a\x01 ')]) {
      expect(isHookText(b)).toBe(false);
      expect(publishForHooks(b)).toEqual({ bytes: b });
    }
  });
  it('returns the input itself when nothing changes', () => {
    const b = Buffer.from('ok\n');
    const p = publishForHooks(b);
    expect(p.bytes).toBe(b);
    expect(p.normalised).toBeUndefined();
  });
  it('normalises text in other ASCII-compatible encodings (GBK bytes) without decoding', () => {
    const gbk = Buffer.from([0xcd, 0xcc, 0xcd, 0xc2, 0x20, 0x20]);
    expect(publishForHooks(gbk)).toEqual({ bytes: Buffer.from([0xcd, 0xcc, 0xcd, 0xc2, 0x0a]), normalised: { trailingWhitespaceLines: 1, finalNewline: 'added' } });
  });
});

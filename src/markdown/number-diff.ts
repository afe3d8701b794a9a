/**
 * Which numbers changed between two versions of a generated region, for `render`'s report and
 * the 变更记录 entry of `render --bump`.
 *
 * The rule, token by token:
 * - A number is a decimal (`70`, `1.234`, `-0.5`) standing on its own: not part of a word,
 *   identifier, version, date or path (`P95`, `V1.0`, `3.4.0`, `2026-04-23`, `seqs8`,
 *   `evidence/x_01.json` are text), and not inside inline code or a link target. The value of a
 *   `key=value` pair counts (`requests=70`).
 * - A line's shape is the line with every number replaced by a hole. Lines pair up by shape, the
 *   k-th old line of a shape with the k-th new line of the same shape, so a table row follows its
 *   label (kernel name, configuration) even when rows are reordered; the numbers of a pair compare
 *   position by position. Table rows first pair by their key, the shape with the first cell's
 *   numbers kept (a matrix row `| 8 | ...` pairs with the old `| 8 | ...`), then the rest by shape
 *   (a kernel that moved from rank 2 to 1; not for rows labelled only by numbers), then by shape
 *   with inline code blanked (a manifest row whose digest changed). Lines without a partner (rows added or removed) are counted.
 * - A number's label is, in a table, the row's first cell without numbers (else its first cell)
 *   and the column header (with `(k/n)` when a cell holds several numbers); in prose, the nearest
 *   words before it that are not a unit, with `#k` when it is the k-th number after them
 *   (`平均 0.355 s [0.336, 0.374]`: 平均, 平均 #2, 平均 #3). The delta is `(new - old) / |old|`,
 *   absent when the old value is 0.
 */
export interface NumberChange {
  label: string;
  old: string;
  new: string;
  /** Percent change, absent when the old value is zero. */
  deltaPct?: number;
  /** 0-based line of the new text where the number is. */
  line: number;
}

export interface NumberDiff {
  changes: NumberChange[];
  /** Lines with no partner of the same shape on the other side. */
  linesAdded: number;
  linesRemoved: number;
}

const NUMBER = /(?<![A-Za-z0-9_.\-/:#~^@$\\])-?\d+(?:\.\d+)?(?![A-Za-z0-9_\-/:]|\.\d)/g;
const ONE_NUMBER = new RegExp(NUMBER.source);
const SEPARATOR_ROW = /^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*$/;
const HOLE = '\u0000';

interface Token {
  value: string;
  start: number;
  end: number;
}

interface LineInfo {
  index: number;
  /** How the line pairs, strictest first: shape with a table row's first-cell numbers kept, shape, shape with inline code blanked. */
  keys: [string, string, string];
  tokens: Token[];
  labels: string[];
}

export function diffNumbers(before: string, after: string): NumberDiff {
  const oldLines = analyse(before);
  const newLines = analyse(after);
  const pairs = new Map<LineInfo, LineInfo>();
  for (const k of [0, 1, 2] as const) {
    const pool = new Map<string, LineInfo[]>();
    const used = new Set(pairs.values());
    for (const o of oldLines.filter((l) => !used.has(l))) pool.set(o.keys[k], [...(pool.get(o.keys[k]) ?? []), o]);
    for (const n of newLines) {
      if (pairs.has(n)) continue;
      const o = pool.get(n.keys[k])?.shift();
      if (o) pairs.set(n, o);
    }
  }
  const changes: NumberChange[] = [];
  for (const n of newLines) {
    const o = pairs.get(n);
    if (!o) continue;
    n.tokens.forEach((t, i) => {
      const prev = o.tokens[i]!.value;
      if (prev === t.value) return;
      const a = Number(prev);
      const b = Number(t.value);
      changes.push({ label: n.labels[i]!, old: prev, new: t.value, ...(a !== 0 ? { deltaPct: ((b - a) / Math.abs(a)) * 100 } : {}), line: n.index });
    });
  }
  changes.sort((x, y) => x.line - y.line);
  return { changes, linesAdded: newLines.length - pairs.size, linesRemoved: oldLines.length - pairs.size };
}

function analyse(text: string): LineInfo[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: LineInfo[] = [];
  let header: string[] | undefined;
  lines.forEach((line, index) => {
    const isRow = /^\s*\|/.test(line);
    if (!isRow) header = undefined;
    if (SEPARATOR_ROW.test(line)) return;
    if (isRow && SEPARATOR_ROW.test(lines[index + 1] ?? '')) {
      header = cells(line).map((c) => c.text.replace(/[`*]+/g, '').trim());
      return;
    }
    const masked = mask(line);
    const tokens = [...masked.matchAll(NUMBER)].map((m) => ({ value: m[0], start: m.index, end: m.index + m[0].length }));
    if (tokens.length === 0) return;
    const firstCellEnd = isRow ? (cells(line)[0]?.end ?? 0) : 0;
    const holes = (text: string, keep: (t: Token) => boolean) => {
      let shape = '';
      let at = 0;
      for (const t of tokens) {
        shape += text.slice(at, t.start) + (keep(t) ? t.value : HOLE);
        at = t.end;
      }
      return shape + text.slice(at);
    };
    const inFirstCell = (t: Token) => t.end <= firstCellEnd;
    // A row labelled only by numbers (a matrix row `| 8192 | ...`) is that row, whatever it holds.
    const numericLabel = isRow && !cells(line).some((c, i) => i > 0 && c.text.trim() !== '' && !ONE_NUMBER.test(cells(masked)[i]?.text ?? ''));
    const loose = numericLabel ? inFirstCell : () => false;
    const keys: LineInfo['keys'] = [holes(line, inFirstCell), holes(line, loose), holes(masked, loose)];
    out.push({ index, keys, tokens, labels: tokens.map((t) => (isRow && header ? tableLabel(line, masked, t, header) : proseLabel(masked, t, tokens))) });
  });
  return out;
}

/** Inline code and link targets are text, whatever digits they hold: blank them out, keeping offsets. */
function mask(line: string): string {
  return line
    .replace(/(`+)[^`]*?\1/g, (m) => ' '.repeat(m.length))
    .replace(/\]\([^)]*\)/g, (m) => ' '.repeat(m.length));
}

interface Cell {
  text: string;
  start: number;
  end: number;
}

function cells(line: string): Cell[] {
  const out: Cell[] = [];
  let start = line.indexOf('|') + 1;
  for (let i = start; i < line.length; i++) {
    if (line[i] === '\\') {
      i++;
      continue;
    }
    if (line[i] === '|') {
      out.push({ text: line.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  if (line.slice(start).trim() !== '') out.push({ text: line.slice(start), start, end: line.length });
  return out;
}

function tableLabel(line: string, masked: string, t: Token, header: string[]): string {
  const row = cells(line);
  const maskedRow = cells(masked);
  const col = row.findIndex((c) => t.start >= c.start && t.start < c.end);
  const found = row.findIndex((c, i) => c.text.trim() !== '' && !ONE_NUMBER.test(maskedRow[i]?.text ?? ''));
  const labelCell = found >= 0 ? found : 0;
  const rowLabel = plain(row[labelCell]?.text ?? '');
  const inCell = col >= 0 ? [...maskedRow[col]!.text.matchAll(NUMBER)] : [];
  const nth = inCell.length > 1 ? ` (${inCell.findIndex((m) => m.index + row[col]!.start === t.start) + 1}/${inCell.length})` : '';
  // `key=value` inside a cell: the key says more than the column.
  const key = /([\w.]+)=$/.exec(masked.slice(0, t.start))?.[1];
  if (key) return [rowLabel, key].filter(Boolean).join(' · ');
  const column = header[col] ?? '';
  return [col === labelCell ? '' : rowLabel, column].filter(Boolean).join(' · ') + nth;
}

function proseLabel(masked: string, t: Token, tokens: Token[]): string {
  const i = tokens.indexOf(t);
  // Walk back segment by segment (the text between numbers) to the nearest words.
  for (let j = i; j >= 0; j--) {
    const segment = masked.slice(j > 0 ? tokens[j - 1]!.end : 0, tokens[j]!.start);
    const words = segment.split(PUNCTUATION).map(plain).filter((w) => hasLetter(w) && !UNIT.test(w)).at(-1);
    if (words) return i === j ? words : `${words} #${i - j + 1}`;
  }
  const next = tokens[i + 1];
  return masked.slice(t.end, next ? next.start : undefined).split(PUNCTUATION).map(plain).filter(hasLetter)[0] ?? '';
}

/** A unit after a number (`s`, `ms`, `req/s`, `MiB`), not a label. */
const UNIT = /^(?:[a-z]{1,3}(?:\/[a-z])?|[KMGT]i?B|B)$/;
const PUNCTUATION = /[，,；;：:（()）|。、=[\]]/;

function hasLetter(s: string): boolean {
  return /\p{L}/u.test(s);
}

/** Label text without Markdown decoration. */
function plain(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]+/g, '')
    // Markdown escapes (`\[` of an interval): the backslash is not text.
    .replace(/\\(?=[!-/:-@[-`{-~]|$)/g, '')
    .replace(/^[\s\-+>#]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One CSV record on one line (RFC 4180 quoting, no embedded newlines), with the 1-based column
 * of every value so that diagnostics can point at a cell. Values outside quotes are trimmed, as
 * tools write `a, b` (nvidia-smi) as often as `a,b`.
 */
export interface CsvCell {
  value: string;
  /** 1-based column of the value's first character (of the opening quote when quoted). */
  column: number;
}

export type CsvSplit = { ok: true; cells: CsvCell[] } | { ok: false; column: number; message: string };

export function splitCsvLine(line: string, separator = ','): CsvSplit {
  const cells: CsvCell[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const column = i + 1;
    if (line[i] === '"') {
      const quoted = readQuoted(line, i);
      if (!quoted.ok) return quoted;
      cells.push({ value: quoted.value, column });
      i = quoted.end;
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== separator) return { ok: false, column: i + 1, message: `expected \`${separator}\` after a quoted value, found \`${line[i]}\`` };
    } else {
      const end = line.indexOf(separator, i);
      const stop = end < 0 ? line.length : end;
      cells.push({ value: line.slice(i, stop).trim(), column });
      i = stop;
    }
    if (i >= line.length) return { ok: true, cells };
    i++;
  }
}

function readQuoted(line: string, open: number): { ok: true; value: string; end: number } | { ok: false; column: number; message: string } {
  let value = '';
  let i = open + 1;
  for (;;) {
    const close = line.indexOf('"', i);
    if (close < 0) return { ok: false, column: open + 1, message: 'unterminated quoted value: expected a closing `"` on the same line' };
    value += line.slice(i, close);
    if (line[close + 1] !== '"') return { ok: true, value, end: close + 1 };
    value += '"';
    i = close + 2;
  }
}

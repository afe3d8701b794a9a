/** What the smi box-table adapters (mx-smi, nvidia-smi) share: findings by line, cells between `|` borders, asctime lines. */
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';

/** A line-by-line parser's findings about one file. */
export class LineFindings {
  protected readonly diagnostics: Diagnostic[] = [];

  constructor(protected readonly file: string) {}

  protected errors(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  protected err(id: string, message: string, line: number, column: number): void {
    this.diagnostics.push(error(id, message, { file: this.file, line, column }));
  }

  protected warn(id: string, message: string, line: number): void {
    this.diagnostics.push(warning(id, message, { file: this.file, line, column: 1 }));
  }
}

/** A `|`-separated cell: its raw text and the 0-based offset of that text in the line. */
export interface Cell {
  raw: string;
  start: number;
}

/** Cells between `|` borders, with their offsets (text outside the outer borders is ignored). */
export function splitCells(line: string): Cell[] {
  const cells: Cell[] = [];
  let start = line.indexOf('|') + 1;
  for (let bar = line.indexOf('|', start); bar >= 0; bar = line.indexOf('|', start)) {
    cells.push({ raw: line.slice(start, bar), start });
    start = bar + 1;
  }
  return cells;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon Sep  7 07:00:31 2026` (C asctime) as milliseconds, read as a UTC wall clock. */
export function parseAsctime(s: string): number | undefined {
  const m = /^(?:[A-Z][a-z]{2}\s+)?([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(s);
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return undefined;
  const [day, h, min, sec, year] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (day < 1 || day > 31 || h > 23 || min > 59 || sec > 60) return undefined;
  return Date.UTC(year, month, day, h, min, sec);
}

import { inlineCode, tableCell } from './escape.js';

/**
 * Number and text formatting for documents. Locale-independent on purpose (toFixed, not
 * toLocaleString) so the same evidence gives the same bytes on every machine.
 */

export function fixed(x: number | undefined | null, digits = 2): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '-';
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/** Milliseconds as seconds with 3 decimals: `642.1` -> `0.642`. */
export function seconds(ms: number | undefined | null): string {
  return ms === undefined || ms === null ? '-' : fixed(ms / 1000, 3);
}

/** Human size with binary units, fixed decimals. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${fixed(n / 1024, 1)} KB`;
  if (n < 1024 ** 3) return `${fixed(n / 1024 ** 2, 1)} MB`;
  return `${fixed(n / 1024 ** 3, 2)} GB`;
}

/** Signed percentage: `+12.3%`, `-4.0%`. */
export function signedPct(x: number, digits = 1): string {
  const s = fixed(x, digits);
  return x > 0 && s !== fixed(0, digits) ? `+${s}%` : `${s}%`;
}

/** Text safe inside a GFM table cell (see escape.ts): `-` when empty. */
export function cell(text: unknown): string {
  return tableCell(text);
}

/** Inline code that survives backticks, pipes and line breaks in the value. */
export function code(text: unknown): string {
  return inlineCode(text);
}

/** `2026-04-23` -> `20260423`. */
export function compactDate(date: string): string {
  return date.replace(/-/g, '');
}

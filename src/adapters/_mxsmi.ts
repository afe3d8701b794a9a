/** Snapshot framing shared by the mx-smi text adapters (default view, --show-* views). */
export const VERSION = /^mx-smi\s+version:/;
export const BANNER = /^=+\s*MetaX System Management Interface Log\s*=+$/;
export const TIMESTAMP = /^Timestamp\s*:\s*/;
export const ATTACHED = /^Attached GPUs\s*:\s*(\d+)/;
export const END = /^End of Log$/;

/** A `Timestamp : Mon Sep  7 07:00:31 2026` line: its value, the value's column, and the time. */
export function parseTimestampLine(text: string): { value: string; column: number; tMs?: number } {
  const at = text.indexOf(':') + 1;
  const value = text.slice(at).trim();
  const column = at + text.slice(at).search(/\S|$/) + 1;
  const tMs = parseAsctime(value);
  return tMs === undefined ? { value, column } : { value, column, tMs };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon Sep  7 07:00:31 2026` (C asctime) as milliseconds, read as a UTC wall clock. */
function parseAsctime(s: string): number | undefined {
  const m = /^(?:[A-Z][a-z]{2}\s+)?([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(s);
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return undefined;
  const [day, h, min, sec, year] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (day < 1 || day > 31 || h > 23 || min > 59 || sec > 60) return undefined;
  return Date.UTC(year, month, day, h, min, sec);
}

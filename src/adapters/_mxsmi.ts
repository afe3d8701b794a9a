import { parseAsctime } from './_smi-box.js';

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

/** Helpers shared by the log adapters (fastdeploy-log, text-log, fastdeploy-error-output). */

/** Longest event message kept in a record: logs can carry whole request bodies on one line. */
const MAX_MESSAGE = 240;

/** A NUL byte or a UTF-8 decoding failure (U+FFFD) marks bytes that are not text. */
export function binaryColumn(line: string): number | undefined {
  const i = line.search(/[\u0000\ufffd]/);
  return i < 0 ? undefined : i + 1;
}

/**
 * Whether a head looks like binary data: any NUL, or more than 1% replacement characters
 * (a GBK log decoded as UTF-8 still passes, an image does not). The last 4 bytes are ignored
 * because the head may end mid-character.
 */
export function looksBinary(head: string): boolean {
  const body = head.slice(0, Math.max(0, head.length - 4));
  if (body.includes('\u0000')) return true;
  if (!body.includes('\ufffd')) return false;
  let bad = 0;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 0xfffd) bad++;
  return bad > body.length / 100;
}

/** A message trimmed and cut to a size a record can carry. */
export function shortMessage(text: string): string {
  const t = text.trim();
  const chars = Array.from(t);
  return chars.length > MAX_MESSAGE ? chars.slice(0, MAX_MESSAGE - 1).join('') + '…' : t;
}

/** First `n` characters (code points, so Chinese text and emoji are never split). */
export function firstChars(text: string, n: number): string {
  const chars = Array.from(text);
  return chars.length > n ? chars.slice(0, n).join('') : text;
}

/** A finite number from a regex capture, or undefined. */
export function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

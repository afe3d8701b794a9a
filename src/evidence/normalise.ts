/**
 * Published text copies are made to pass the community repository's pre-commit hooks as they
 * are, so the hooks change nothing after collect and the manifest's digests stay true:
 *
 * - `trailing-whitespace` strips, from each line, the bytes Python's `bytes.rstrip()` strips
 *   (space, \t, \v, \f, \r, \n) before the line's own `\r\n` or `\n`;
 * - `end-of-file-fixer` leaves an empty file alone, empties a file of line breaks only, cuts a
 *   run of line breaks at the end down to its first (`\n`, `\r\n` or `\r`) and adds `\n` when
 *   there is none.
 *
 * Both work on bytes, so this does too (any ASCII-compatible encoding is safe). One deliberate
 * difference: a missing final line break is added in the file's own style (`\r\n` when its first
 * line break is `\r\n`), which both hooks accept, so CRLF files stay CRLF.
 */
import type { RfcEvidenceManifestJson } from '../schemas/types.generated.js';

/** What normalisation changed: the manifest entry's `normalised` (schemas/manifest.schema.json). */
export type NormaliseChanges = NonNullable<RfcEvidenceManifestJson['entries'][number]['normalised']>;

export interface Normalised {
  bytes: Buffer;
  /** Empty when the input already passes both hooks (then `bytes` is the input itself). */
  changes: NormaliseChanges;
}

const LF = 0x0a;
const CR = 0x0d;

/** Bytes `bytes.rstrip()` removes in Python. */
function isPyWhitespace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/**
 * Whether pre-commit's `identify` would tag the content as text (the hooks above run on `types:
 * [text]` only): no byte outside BEL..CR, ESC, printable ASCII and 0x80-0xFF. identify looks at
 * the first 1 KiB; the whole buffer is checked here, so a file that is binary further on is
 * never rewritten.
 */
export function isHookText(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b >= 0x20 ? b === 0x7f : !((b >= 0x07 && b <= 0x0d) || b === 0x1b)) return false;
  }
  return true;
}

/** The copy both hooks leave unchanged, and what was changed to get there. */
export function normaliseForHooks(input: Buffer): Normalised {
  const parts: Buffer[] = [];
  let stripped = 0;
  let start = 0;
  let crlf: boolean | undefined;
  while (start < input.length) {
    const nl = input.indexOf(LF, start);
    const end = nl < 0 ? input.length : nl + 1;
    // The line's own ending, as Python's readlines() + the hook split it.
    const eolLength = nl < 0 ? 0 : nl > start && input[nl - 1] === CR ? 2 : 1;
    if (nl >= 0) crlf ??= eolLength === 2;
    let bodyEnd = end - eolLength;
    while (bodyEnd > start && isPyWhitespace(input[bodyEnd - 1]!)) bodyEnd--;
    if (bodyEnd !== end - eolLength) {
      stripped++;
      parts.push(input.subarray(start, bodyEnd), input.subarray(end - eolLength, end));
    } else parts.push(input.subarray(start, end));
    start = end;
  }
  let out = stripped ? Buffer.concat(parts) : input;
  const changes: NormaliseChanges = stripped ? { trailingWhitespaceLines: stripped } : {};
  const ending = fixEnding(out, crlf ?? false);
  if (ending) {
    out = ending.bytes;
    changes.finalNewline = ending.change;
  }
  return { bytes: out, changes };
}

/** end-of-file-fixer's rule (with the line-break style kept when one is added); undefined when nothing changes. */
function fixEnding(buf: Buffer, crlf: boolean): { bytes: Buffer; change: 'added' | 'trimmed' } | undefined {
  if (buf.length === 0) return undefined;
  const last = buf[buf.length - 1]!;
  if (last !== LF && last !== CR) return { bytes: Buffer.concat([buf, Buffer.from(crlf ? '\r\n' : '\n')]), change: 'added' };
  let p = buf.length;
  while (p > 0 && (buf[p - 1] === LF || buf[p - 1] === CR)) p--;
  if (p === 0) return { bytes: buf.subarray(0, 0), change: 'trimmed' };
  // Keep the first break of the run: \n, \r\n or \r, as the hook does.
  const keep = buf[p] === CR && buf[p + 1] === LF ? 2 : 1;
  return p + keep === buf.length ? undefined : { bytes: buf.subarray(0, p + keep), change: 'trimmed' };
}

/** The bytes to publish for a copy: normalised when the hooks would treat it as text; `normalised` says what changed, if anything. */
export function publishForHooks(buf: Buffer): { bytes: Buffer; normalised?: NormaliseChanges } {
  if (!isHookText(buf)) return { bytes: buf };
  const n = normaliseForHooks(buf);
  return Object.keys(n.changes).length ? { bytes: n.bytes, normalised: n.changes } : { bytes: buf };
}

import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeText, type TextEncoding } from './decode.js';
import { redactText } from './redact.js';

/**
 * What collect publishes for one input: the bytes after decode and redaction. Text is decoded
 * by its real encoding, redacted, and written as UTF-8 when either changed anything; gzip text
 * is inflated (up to MAX_INFLATED_BYTES), redacted and compressed again. Binary data is copied
 * as it is. A gzip that inflates beyond the limit cannot be checked, so it is refused.
 */

/** Inflated size up to which a gzip copy is checked for secrets (the copy itself is at most 1 MiB compressed). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export type PreparedCopy =
  | { ok: true; bytes: Buffer; text: boolean; redactions?: Record<string, number>; encoding?: Exclude<TextEncoding, 'utf-8'>; secrets?: string[] }
  | { ok: false; reason: string };

export function prepareCopy(original: Buffer, redact: boolean): PreparedCopy {
  const gzip = original.length >= 2 && original[0] === 0x1f && original[1] === 0x8b;
  if (!gzip) return prepareText(original, redact);
  let inflated: Buffer;
  try {
    inflated = gunzipSync(original, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      return { ok: false, reason: `inflates beyond ${MAX_INFLATED_BYTES / 1024 / 1024} MiB, too much to check for secrets` };
    // A cut or damaged gzip: published as it is, like any binary file (its adapter reports the damage).
    return { ok: true, bytes: original, text: false };
  }
  const inner = prepareText(inflated, redact);
  if (!inner.ok || !inner.text || inner.bytes === inflated) return { ok: true, bytes: original, text: false };
  // level 9 and no name or time in the header: the same text always gives the same bytes.
  return { ...inner, bytes: gzipSync(inner.bytes, { level: 9 }), text: false };
}

function prepareText(original: Buffer, redact: boolean): PreparedCopy {
  const decoded = decodeText(original);
  if (decoded === undefined) return { ok: true, bytes: original, text: false };
  const r = redact ? redactText(decoded.text) : { text: decoded.text, counts: {}, secrets: [] };
  const changed = Object.keys(r.counts).length > 0;
  const transcoded = decoded.encoding !== 'utf-8';
  if (!changed && !transcoded) return { ok: true, bytes: original, text: true };
  return {
    ok: true,
    bytes: Buffer.from(r.text, 'utf8'),
    text: true,
    ...(changed ? { redactions: r.counts, secrets: r.secrets } : {}),
    ...(decoded.encoding !== 'utf-8' ? { encoding: decoded.encoding } : {}),
  };
}

/** The text of a published copy as check reads it (gzip inflated up to the limit), or undefined for binary data. */
export function copyText(buf: Buffer): string | undefined {
  let bytes = buf;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      bytes = gunzipSync(buf, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      return undefined;
    }
  }
  return decodeText(bytes)?.text;
}

import { isUtf8 } from 'node:buffer';

/**
 * The decode stage: text evidence is read in its real encoding before redaction, so a secret in
 * a UTF-16 or latin-1 log is found like any other. UTF-8 (with or without BOM) stays as it is;
 * UTF-16 (by BOM, or by the NUL pattern of ASCII text without one) and anything else that is
 * not valid UTF-8 (taken as latin-1) are decoded and published as UTF-8. Binary data (many
 * control characters) is not text.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** Share of control characters (other than whitespace and ESC) above which a buffer is binary. */
const MAX_CONTROL_SHARE = 0.1;

export function decodeText(buf: Buffer): DecodedText | undefined {
  // Latin-1 maps each byte to one character, so binary data (most inputs that are not UTF-8) is
  // told apart on the bytes themselves, without decoding the whole buffer first.
  if (isLatin1(buf) && !looksLikeText(buf)) return undefined;
  const decoded = decodeAny(buf);
  return decoded && looksLikeText(decoded.text) ? decoded : undefined;
}

/** Whether decodeAny would take `buf` as latin-1 (no BOM, no UTF-16 pattern, not UTF-8). */
function isLatin1(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  return !utf16WithoutBom(buf) && !isUtf8(buf);
}

function decodeAny(buf: Buffer): DecodedText | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf), encoding: 'utf-16be' };
  const bom = utf16WithoutBom(buf);
  if (bom) return { text: new TextDecoder(bom).decode(buf), encoding: bom };
  // toString keeps a UTF-8 BOM in the text, so an unchanged file re-encodes to the same bytes.
  return isUtf8(buf) ? { text: buf.toString('utf8'), encoding: 'utf-8' } : { text: buf.toString('latin1'), encoding: 'latin1' };
}

/**
 * The encoding a file's first bytes show, when it is not UTF-8: UTF-16 (BOM or NUL pattern) or
 * latin-1 (bytes that are not UTF-8, no NUL). Undefined for UTF-8 and for binary data.
 */
export function streamEncoding(head: Buffer): Exclude<TextEncoding, 'utf-8'> | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  if (head.includes(0)) return undefined;
  if (isUtf8(head)) return undefined;
  // The head may end inside a character: `stream` leaves an incomplete last one undecided.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return undefined;
  } catch {
    return 'latin1';
  }
}

/** ASCII text in UTF-16 without a BOM: most bytes at odd (LE) or even (BE) offsets are NUL, the others are not. */
function utf16WithoutBom(buf: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenNul++;
    if (buf[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return 'utf-16le';
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return 'utf-16be';
  return undefined;
}

/** Control characters (other than whitespace and ESC): C0, DEL and C1. */
const CONTROL = new Uint8Array(256);
for (let c = 0; c < 256; c++) CONTROL[c] = (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || (c >= 0x7f && c < 0xa0) ? 1 : 0;

/**
 * At most MAX_CONTROL_SHARE control characters (or U+FFFD) among the first 64 Ki characters, or
 * latin-1 bytes. Past the limit the answer cannot change, so binary data is rejected early.
 */
function looksLikeText(text: string | Buffer): boolean {
  const n = Math.min(text.length, 65536);
  const limit = n * MAX_CONTROL_SHARE;
  let control = 0;
  if (typeof text !== 'string') {
    for (let i = 0; i < n; i++) if (CONTROL[text[i]!] && ++control > limit) return false;
    return true;
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 256 ? CONTROL[c] : c === 0xfffd) && ++control > limit) return false;
  }
  return true;
}

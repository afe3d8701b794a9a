import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Other } from '../records.js';
import { mediaTypeOf } from '../evidence/media-type.js';
import { jsonForm, jsonSyntaxError } from './_json-syntax.js';
import type { Adapter, ArtifactInput } from './types.js';

/** Binary signatures, checked on the raw bytes (the decoded `head` has lost them). */
const MAGIC: { mediaType: string; test: (b: Buffer) => boolean }[] = [
  { mediaType: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mediaType: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mediaType: 'image/gif', test: (b) => /^GIF8[79]a/.test(b.toString('latin1', 0, 6)) },
  { mediaType: 'image/webp', test: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
  { mediaType: 'application/pdf', test: (b) => b.toString('latin1', 0, 5) === '%PDF-' },
  { mediaType: 'application/zip', test: (b) => b.toString('latin1', 0, 4) === 'PK\u0003\u0004' },
];
const SCREENSHOT_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const COMMAND_NAME = /(?:^|[_.-])(?:command|cmd)\.txt$|\.sh$/i;

/** The fallback: any file no other adapter claims is kept, hashed and listed, never rejected. */
export const adapter: Adapter = {
  id: 'other',
  kind: 'other',
  title: 'Any other file (screenshots, notes, launch commands, text, binaries)',
  recognisedBy: 'fallback for every file no other adapter claims (never an error for that); images by magic bytes, the rest by extension and content; JSON that does not parse is an error with its line and column',
  extracts: 'tool (screenshot, note, command, text, other), media type, line count of text, title (first `# ` heading) of notes',

  readsBinary: true,
  detect() {
    return 0.01;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const at = { file: input.displayPath };
    const prefix = input.headBytes.subarray(0, 16);
    const sniffed = MAGIC.find((m) => m.test(prefix))?.mediaType;
    // input.binary (a NUL in the first 8 KiB) implies looksBinary, without decoding the head.
    const binary = sniffed !== undefined || input.binary || looksBinary(input.head);
    const named = mediaTypeOf(contentName(input), !binary);
    const mediaType = sniffed ?? (contradicts(named, binary) ? (binary ? 'application/octet-stream' : 'text/plain') : named);
    if (mediaType !== named) {
      diagnostics.push(
        warning('other.media-mismatch', `the name says ${named} but the content is ${binary ? (sniffed ?? 'binary data') : 'text'}`, {
          ...at,
          hint: 'rename the file after its real type, or replace it with the intended file',
        }),
      );
    }
    if (input.size === 0) diagnostics.push(warning('other.empty', 'empty file: kept as evidence, but it shows nothing', at));
    if (binary) return { record: { kind: 'other', tool: sniffed && SCREENSHOT_TYPES.has(sniffed) ? 'screenshot' : 'other', mediaType }, diagnostics };
    const form = input.size > 0 ? jsonForm(input, contentName(input)) : undefined;
    const broken = form ? await jsonSyntaxError(input, form) : undefined;
    if (broken) diagnostics.push(broken);
    return { record: await textRecord(input, mediaType, diagnostics), diagnostics };
  },
};

/** Text files: line count, and for notes the title. */
async function textRecord(input: ArtifactInput, mediaType: string, diagnostics: Diagnostic[]): Promise<Other> {
  const note = /\.(?:md|markdown)$/i.test(contentName(input));
  const record: Other = { kind: 'other', tool: note ? 'note' : COMMAND_NAME.test(input.name) ? 'command' : 'text', mediaType };
  let lines = 0;
  let fenced = false;
  let title: string | undefined;
  try {
    for await (const line of input.lines()) {
      lines++;
      if (!note || title !== undefined) continue;
      // A `# comment` inside a fenced shell block is not the note's title.
      if (/^\s{0,3}(?:```|~~~)/.test(line)) fenced = !fenced;
      const h = fenced ? null : /^\s{0,3}#\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
      if (h && h[1] !== '') title = h[1];
    }
  } catch (e) {
    diagnostics.push(warning('other.unreadable', `stopped reading after ${lines} lines: ${(e as Error).message}`, { file: input.displayPath }));
  }
  record.lines = lines;
  if (title !== undefined) record.title = title;
  return record;
}

const MAGIC_TYPES = new Set(MAGIC.map((m) => m.mediaType));

/** A name promising a signature the bytes lack, or a text format whose bytes are binary. */
function contradicts(named: string, binary: boolean): boolean {
  return MAGIC_TYPES.has(named) || (binary && /^text\/|json|yaml|xml|svg/.test(named));
}

/** The name without the `.gz` of a compressed file: adapters see the decompressed content. */
function contentName(input: ArtifactInput): string {
  return input.gzip ? input.name.replace(/\.gz$/i, '') : input.name;
}

/** NUL bytes, or mostly undecodable bytes, in the first 8 KiB mean binary. */
function looksBinary(head: string): boolean {
  const sample = head.slice(0, 8192);
  if (sample.includes('\u0000')) return true;
  let bad = 0;
  for (const c of sample) if (c === '\uFFFD') bad++;
  return sample.length > 0 && bad / sample.length > 0.3;
}

import type { Readable } from 'node:stream';
import { error } from '../diagnostics/diagnostic.js';
import { locateJsonError, type JsonParse } from './json.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/**
 * Read a large JSON document from a stream without holding all its text: the values of the given
 * top-level keys (e.g. FastDeploy's `input_texts`, `generated_texts`) are dropped while scanning
 * and only the rest is parsed. A dropped value becomes `null`, so the caller still sees the key.
 * Line and column are tracked for every byte, so a truncated file or an error in the kept part is
 * reported at its position in the original file. The scan only tracks strings and nesting;
 * JSON.parse validates what is kept.
 */
export async function readJsonSkipping(stream: Readable, skipKeys: ReadonlySet<string>, file: string): Promise<JsonParse> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  // Where each kept run starts, in kept bytes and in the original file.
  const runs: { keptStart: number; line: number; column: number }[] = [];
  let line = 1;
  let column = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let objectAtDepth1 = false;
  let expectingKey = false;
  let keyBytes: number[] | null = null;
  let lastKey: string | null = null;
  let skipping = false;

  for await (const c of stream) {
    const chunk = c as Buffer;
    let runStart = skipping ? -1 : 0;
    if (!skipping) runs.push({ keptStart: keptBytes, line, column });
    const keep = (end: number) => {
      kept.push(chunk.subarray(runStart, end));
      keptBytes += end - runStart;
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (keyBytes) lastKey = decodeKey(Buffer.from(keyBytes).toString('utf8'));
          keyBytes = null;
        }
        if (inString) keyBytes?.push(b);
      } else if (b === QUOTE) {
        inString = true;
        keyBytes = !skipping && depth === 1 && objectAtDepth1 && expectingKey ? [] : null;
      } else if (skipping && depth === 1 && (b === COMMA || b === 0x7d)) {
        // The dropped value ended: keep from its separator on.
        skipping = false;
        runStart = i;
        runs.push({ keptStart: keptBytes, line, column });
      } else if (!skipping && b === COLON && depth === 1 && lastKey !== null) {
        expectingKey = false;
        if (skipKeys.has(lastKey)) {
          keep(i + 1);
          kept.push(Buffer.from('null'));
          keptBytes += 4;
          skipping = true;
          runStart = -1;
        }
        lastKey = null;
      }
      if (!inString) {
        if (b === 0x7b || b === 0x5b) {
          depth++;
          if (depth === 1) objectAtDepth1 = b === 0x7b;
          expectingKey = depth === 1 && objectAtDepth1;
        } else if (b === 0x7d || b === 0x5d) depth--;
        else if (b === COMMA && depth === 1) expectingKey = objectAtDepth1;
      }
      if (b === NEWLINE) {
        line++;
        column = 1;
      } else if ((b & 0xc0) !== 0x80) column++;
    }
    if (runStart >= 0) keep(chunk.length);
  }
  const all = Buffer.concat(kept);
  const text = all.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    if (inString || depth > 0 || skipping) {
      return { ok: false, diagnostic: error('json.syntax', 'invalid JSON: the input ends before the value is complete (truncated file?)', { file, line, column }) };
    }
    const found = locateJsonError(text) ?? { offset: text.length, message: (e as Error).message };
    const byteOffset = Buffer.byteLength(text.slice(0, found.offset));
    const run = [...runs].reverse().find((r) => r.keptStart <= byteOffset) ?? { keptStart: 0, line: 1, column: 1 };
    const prefix = all.subarray(run.keptStart, byteOffset).toString('utf8');
    const lines = prefix.split('\n');
    const at =
      lines.length === 1
        ? { line: run.line, column: run.column + [...prefix].length }
        : { line: run.line + lines.length - 1, column: [...lines[lines.length - 1]!].length + 1 };
    return { ok: false, diagnostic: error('json.syntax', `invalid JSON: ${found.message}`, { file, ...at }) };
  }
}

/** A key's raw JSON text (escapes included) as the string JSON.parse would give. */
function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

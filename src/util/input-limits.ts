import { Transform, type TransformCallback } from 'node:stream';

/**
 * Limits on what an input may hold, measured on decompressed bytes (a small gzip can inflate to
 * gigabytes): a line longer than MAX_LINE_BYTES, or a whole-file read beyond the caller's limit,
 * stops the read with an InputLimitError naming the file and line, which becomes a diagnostic.
 */

/** Longest line read line by line: far above any real log or CSV row, far below what breaks V8. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export class InputLimitError extends Error {
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
    this.name = 'InputLimitError';
  }
}

/** Pass bytes through, failing when one line exceeds `maxLine` bytes (LF-separated). */
export function lineLimit(file: string, maxLine = MAX_LINE_BYTES): Transform {
  let run = 0;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      for (let at = 0; ; ) {
        const nl = chunk.indexOf(10, at);
        const end = nl < 0 ? chunk.length : nl;
        run += end - at;
        if (run > maxLine) return done(new InputLimitError(`line longer than ${maxLine / 1024 / 1024} MiB: not read`, file, line));
        if (nl < 0) break;
        run = 0;
        line++;
        at = nl + 1;
      }
      done(null, chunk);
    },
  });
}

/** Pass bytes through, failing once more than `max` bytes went by. */
export function sizeLimit(file: string, max: number, what: string): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      total += chunk.length;
      if (total > max) return done(new InputLimitError(`${what} more than ${Math.round(max / 1024 / 1024)} MiB: too large to read whole`, file));
      done(null, chunk);
    },
  });
}

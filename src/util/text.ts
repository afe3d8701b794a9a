/** Helpers shared by the text adapters: line splitting and offset -> line/column. */

/** Split text into lines, accepting LF, CRLF and lone CR; a final newline gives no empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** 1-based line and column of a UTF-16 offset into `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 13 && text.charCodeAt(i + 1) !== 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The first line that passes `test`, with the byte-order mark removed from the file's first line. */
export function findLine(lines: readonly string[], test: (line: string) => boolean): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = i === 0 ? stripBom(lines[0]!) : lines[i]!;
    if (test(line)) return line;
  }
  return undefined;
}

/** Strip a UTF-8 byte-order mark, which Windows editors add and JSON.parse rejects. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

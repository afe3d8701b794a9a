/**
 * Escaping for every place a value lands in Markdown. Values come from evidence files and
 * configs a contributor does not fully control (file names, parameters, tool messages), so
 * none may add a table column, start a heading or list, open an HTML comment or tag (the
 * region markers are comments), or end a link early. Line breaks become spaces everywhere:
 * a value is always one line.
 *
 * The text functions are idempotent (an escaped value passed through `tableCell` again stays the
 * same), so a view value escaped once can still go through the `cell` helper.
 */

/** One line: every line break (CR, LF, Unicode separators) becomes a space. */
function oneLine(s: string): string {
  return s.replace(/\r\n?|[\n\u2028\u2029\u0085]/g, ' ');
}

/**
 * Inline text (prose, table cells, headings, link text): `<` and `>` as entities (no HTML, no
 * comment markers), backslash escapes for the characters that would start code, a link or a
 * table column. `*` and `_` are left alone: they can only emphasise, and `***` is what a
 * redacted value looks like.
 */
export function inlineText(value: unknown): string {
  const text = oneLine(String(value));
  // Code spans (a run of backticks up to the next run of the same length) are code already:
  // only a pipe needs its backslash there; everything else is escaped outside them.
  let out = '';
  let at = 0;
  const runs = /`+/g;
  for (let m = runs.exec(text); m !== null; m = runs.exec(text)) {
    if (text[m.index - 1] === '\\') continue; // escaped already
    const close = new RegExp(`(?<!\`)${m[0]}(?!\`)`, 'g');
    close.lastIndex = m.index + m[0].length;
    const end = close.exec(text);
    if (end === null) {
      out += plain(text.slice(at, m.index)) + m[0].replace(/`/g, '\\`');
      at = m.index + m[0].length;
      continue;
    }
    out += plain(text.slice(at, m.index)) + text.slice(m.index, end.index + end[0].length).replace(/(?<!\\)\|/g, '\\|');
    at = end.index + end[0].length;
    runs.lastIndex = at;
  }
  return out + plain(text.slice(at));
}

/** Text outside code spans: no HTML, no link brackets, no table column. */
function plain(s: string): string {
  return s.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/(?<!\\)([|[\]])/g, '\\$1');
}

/** A GFM table cell: inline text, `-` when empty (markdownlint and readers dislike empty cells). */
export function tableCell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return inlineText(value).trim() || '-';
}

/** Text after `#`: inline text that cannot close the heading early or turn it into a setext underline. */
export function headingText(value: unknown): string {
  return inlineText(value).trim().replace(/^#+(?=\s|$)/, (m) => m.replace(/#/g, '\\#'));
}

/**
 * Inline code that survives any value: the fence is one backtick longer than the longest run in
 * the value, with spaces inside when the value starts or ends with a backtick. In a table a
 * pipe still needs its backslash (GFM splits cells before it reads code spans).
 */
export function inlineCode(value: unknown): string {
  const s = oneLine(String(value)).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (longest > 0 && s.startsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Link text: inline text, and never empty (an empty `[]` is not a link). */
export function linkText(value: unknown): string {
  return inlineText(value).trim() || '-';
}

/** Image alt text: as link text, brackets included. */
export function altText(value: unknown): string {
  return linkText(value);
}

/**
 * A relative link destination: each path segment percent-encoded where Markdown or a URL would
 * misread it (space, parentheses, `<>`, `|`, backtick, `#`, `?`, `%`, quotes, brackets, control
 * characters); other Unicode (CJK file names) is kept, as GitHub shows it.
 */
export function linkUrl(path: string): string {
  return oneLine(path)
    .split('/')
    .map((seg) => seg.replace(/[\s()<>|`#?%"'[\]\\^{}\u0000-\u001f\u007f]/g, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')))
    .join('/');
}

import { loadMarkdownParser, parseMarkdown, textOf, walk } from '../markdown/parse.js';
import { markersByLines } from '../markdown/regions.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * The author-owned skeleton of each document, its headings, has every heading a render of the
 * same evidence writes. Headings outside the regions belong to the author, so render never adds
 * one to an existing document; a document rendered by an older template (or whose heading was
 * deleted by mistake) lacks sections a reviewer expects, and this rule says which and where.
 * Headings the author added are not findings.
 */
export const rule = defineRule({
  id: 'skeleton',
  description: 'each document has the headings a fresh render of the evidence writes',
  severity: 'warning',
  needs: ['plan'],
  async run(ctx) {
    if (!ctx.plan) return [];
    await loadMarkdownParser();
    const out: Finding[] = [];
    for (const d of ctx.plan.documents) {
      if (d.previous === undefined || d.language || d.problems.length) continue;
      const have = headings(d.text);
      const left = new Map<string, number[]>();
      for (const h of have) left.set(h.key, [...(left.get(h.key) ?? []), h.line]);
      let after = 0;
      for (const want of headings(d.fresh)) {
        const lines = left.get(want.key) ?? [];
        const found = lines.find((l) => l > after) ?? lines[0];
        if (found !== undefined) {
          lines.splice(lines.indexOf(found), 1);
          after = Math.max(after, found);
          continue;
        }
        out.push(
          finding('missing-heading', `expected the heading '${want.text}' that a render of this evidence writes, found none (it belongs after line ${after})`, {
            file: ctx.show(d.file),
            line: Math.max(after, 1),
            column: 1,
            hint: 'add the heading (render never changes text outside the regions), or run render --start-over to rewrite the document',
          }),
        );
      }
    }
    return out;
  },
});

/**
 * Headings in document order, keyed by level and text: read line by line when the document has
 * no code fence or HTML block (markersByLines answers) and no setext underline, so every `#` line
 * at column 0 is an ATX heading; from the remark tree otherwise.
 */
function headings(doc: string): { key: string; text: string; line: number }[] {
  return headingsByLines(doc) ?? headingsByTree(doc);
}

const ATX = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;

export function headingsByLines(doc: string): { key: string; text: string; line: number }[] | undefined {
  if (markersByLines(doc) === undefined) return undefined;
  const lines = doc.split(/\r?\n/);
  if (lines.some((l, i) => i > 0 && SETEXT_UNDERLINE.test(l) && lines[i - 1]!.trim() !== '')) return undefined;
  const out: { key: string; text: string; line: number }[] = [];
  lines.forEach((l, i) => {
    const m = ATX.exec(l);
    if (!m) return;
    // Inline Markdown in a heading (code, emphasis, links) reads differently as text: let remark say.
    const text = `${m[1]} ${(m[2] ?? '').trim()}`;
    out.push({ key: text, text, line: i + 1 });
  });
  return out.some((h) => /[`*_[\]\\<]/.test(h.text)) ? undefined : out;
}

export function headingsByTree(doc: string): { key: string; text: string; line: number }[] {
  const out: { key: string; text: string; line: number }[] = [];
  walk(parseMarkdown(doc), (n) => {
    if (n.type !== 'heading' || !n.position) return;
    const text = `${'#'.repeat(n.depth ?? 1)} ${textOf(n).trim()}`;
    out.push({ key: text, text, line: n.position.start.line });
  });
  return out;
}

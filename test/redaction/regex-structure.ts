/** Structural ReDoS checks on a pattern's source (used by redos.test.ts). */

interface Token {
  atom: string;
  min: number;
  unbounded: boolean;
}

/** Characters the overlap of two atoms is decided on: ASCII, and a few Unicode letters and spaces. */
const PROBES = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), 'é', 'ß', '中', '运', '\u00a0', '\u2003', '\u3000', '…'];

/** The atoms of a pattern in order with their quantifiers; `null` where adjacency ends (groups, alternation, anchors). */
function tokens(source: string): (Token | null)[] {
  const out: (Token | null)[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let atom: string;
    if (c === '\\') {
      const m = /^\\(?:[pP]\{[^}]*\}|u\{[^}]*\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c.|k<[^>]*>|.)/.exec(source.slice(i))!;
      atom = m[0];
      if (/^\\[bBk1-9]/.test(atom)) {
        out.push(null);
        i += atom.length;
        continue;
      }
    } else if (c === '[') {
      let j = i + 1;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      atom = source.slice(i, j + 1);
    } else if ('()|^$'.includes(c)) {
      out.push(null);
      i++;
      // A group's `(?:`, `(?<name>`, `(?=` prefix is not an atom.
      if (c === '(' && source[i] === '?') i += /^\?(?:<[=!]|[=!:]|<[^>]*>)/.exec(source.slice(i))?.[0].length ?? 1;
      continue;
    } else atom = c;
    i += atom.length;
    const q = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(source.slice(i));
    i += q?.[0].length ?? 0;
    const sym = q?.[0][0];
    const min = !q ? 1 : sym === '*' || sym === '?' ? 0 : sym === '+' ? 1 : Number(q[1]);
    const unbounded = sym === '*' || sym === '+' || (q?.[2] !== undefined && q[3] === '');
    out.push({ atom, min, unbounded });
  }
  return out;
}

/**
 * Two unbounded quantifiers that can meet (only optional atoms between them) over classes that
 * share a character (`\s*\s*`, `[-\s]*\s+`): a failing match tries every split of a run between
 * them, quadratic in the run's length.
 */
export function adjacentOverlapping(re: RegExp): string[] {
  const flags = re.flags.replace(/[gyd]/g, '');
  const seq = tokens(re.source);
  const matches = (atom: string) => {
    const one = new RegExp(`^(?:${atom})$`, flags);
    return new Set(PROBES.filter((p) => one.test(p)));
  };
  const out: string[] = [];
  seq.forEach((a, i) => {
    if (!a?.unbounded) return;
    const first = matches(a.atom);
    for (let j = i + 1; j < seq.length; j++) {
      const b = seq[j];
      if (!b) break;
      if (b.unbounded && [...matches(b.atom)].some((p) => first.has(p))) out.push(`${a.atom}…${b.atom}`);
      if (b.min > 0) break;
    }
  });
  return out;
}

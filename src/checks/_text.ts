import { redactText } from '../evidence/redact.js';

/**
 * Line scanners shared by the document and evidence rules. One pass over a text gives every fact
 * the hygiene, local-paths and secrets rules need, so an evidence file is read once and its facts
 * can be cached with its digest.
 */

export interface Hit {
  line: number;
  column: number;
  /** What was found (a path, or the kind of secret: never the secret itself). */
  what: string;
}

export interface Hits {
  count: number;
  /** The first MAX_HITS hits, in order. */
  hits: Hit[];
}

export interface TextFacts {
  trailingWhitespace: Hits;
  /** `ok`, `missing` (no final newline) or `extra` (blank lines at the end), with the line it concerns. */
  ending: { state: 'ok' | 'missing' | 'extra'; line: number; column: number };
  localPaths: Hits;
  secrets: Hits;
}

const MAX_HITS = 50;

/** Paths on the author's machine that no reviewer can open. */
const LOCAL_PATH = /(?:^|[\s(`"'[|:=,])((?:\/(?:data|home|root|mnt|Users)\/[^\s)`"'|\],;\u0080-\uffff]*)|(?:[A-Za-z]:\\[^\s)`"'|\],;\u0080-\uffff]*))/g;

function hits(): Hits {
  return { count: 0, hits: [] };
}

function add(h: Hits, hit: Hit): void {
  h.count++;
  if (h.hits.length < MAX_HITS) h.hits.push(hit);
}

/** Rules about the author's folders: the local-paths rule reports those, not the secrets rule. */
const PATH_RULES = new Set(['home-path', 'data-path']);

/** Secret kinds that collect's redaction would replace in `text` (a value it already masked is not one). */
function secretKinds(text: string): string[] {
  return Object.keys(redactText(text).counts).filter((k) => !PATH_RULES.has(k));
}

export function scanText(text: string): TextFacts {
  const lines = text.split('\n');
  const trailingWhitespace = hits();
  const localPaths = hits();
  const secrets = hits();
  const anyPath = /\/(?:data|home|root|mnt|Users)\/|[A-Za-z]:\\/.test(text);
  const anySecret = secretKinds(text).length > 0;
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const ws = /[ \t]+$/.exec(line);
    if (ws) add(trailingWhitespace, { line: i + 1, column: ws.index + 1, what: JSON.stringify(ws[0]) });
    if (anyPath) {
      for (const m of line.matchAll(LOCAL_PATH)) add(localPaths, { line: i + 1, column: (m.index ?? 0) + m[0].indexOf(m[1]!) + 1, what: m[1]! });
    }
    if (anySecret) {
      const kinds = secretKinds(line);
      if (kinds.length) {
        const redacted = redactText(line).text;
        let col = 0;
        while (col < line.length && line[col] === redacted[col]) col++;
        add(secrets, { line: i + 1, column: col + 1, what: kinds.join(', ') });
      }
    }
  });
  let ending: TextFacts['ending'] = { state: 'ok', line: lines.length, column: 1 };
  if (text.length > 0 && !text.endsWith('\n')) ending = { state: 'missing', line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
  else if (/\n[ \t\r]*\n$/.test(text) || text === '\n') {
    let last = lines.length - 1;
    while (last > 0 && lines[last - 1]!.trim() === '') last--;
    ending = { state: 'extra', line: last, column: 1 };
  }
  return { trailingWhitespace, ending, localPaths, secrets };
}

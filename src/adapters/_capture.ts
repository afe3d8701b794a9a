/**
 * Console captures: contributors paste several command outputs into one file and introduce each
 * with a header line. Shared by the environment and py-spy-error adapters.
 *
 * Accepted headers (the text after the marker is the command or section name):
 *   `$ uname -a`, `user@host:~/work$ pip list`, `root@host:/# sysctl ...`, `(venv) $ ...`  shell prompts
 *   `## pip list` (markdown heading, 1-6 `#`)
 *   `==== pip list ====`, `---- uname -a ----` (banners of 3+ `=` or `-` on both sides)
 */

// Headers are read by hand, not by one regular expression each: `(\S.*?)\s*-{3,}\s*$` and its
// kin backtrack quadratically on a long line of dashes or spaces, and every adapter's detection
// reads these lines. Each step below looks at every character a bounded number of times.
const USER_AT_HOST = /[\w.-]+@[\w.-]+(?::\S*)?\s*[$#]/y;

/** The command or section name a header line introduces, or undefined for an ordinary line. */
export function commandHeader(line: string): string | undefined {
  const s = line.trimEnd();
  return prompt(s) ?? heading(s) ?? banner(s, '=', false) ?? banner(s, '-', true);
}

/** `$ cmd`, `user@host:~/dir$ cmd`, `root@host:/# cmd`, each optionally after `(venv) `. */
function prompt(s: string): string | undefined {
  let i = 0;
  if (s[0] === '(') {
    const close = s.indexOf(')');
    if (close < 0) return undefined;
    i = skipSpace(s, close + 1);
  }
  if (s[i] === '$') i++;
  else {
    USER_AT_HOST.lastIndex = i;
    if (!USER_AT_HOST.test(s)) return undefined;
    i = USER_AT_HOST.lastIndex;
  }
  return afterSpace(s, i);
}

/** `## name` (1-6 `#`, optional closing `#`s). */
function heading(s: string): string | undefined {
  let i = 0;
  while (i < s.length && s[i] === '#') i++;
  if (i < 1 || i > 6) return undefined;
  const rest = afterSpace(s, i);
  if (rest === undefined) return undefined;
  let end = rest.length;
  while (end > 0 && rest[end - 1] === '#') end--;
  const name = rest.slice(0, end).trimEnd();
  return name === '' ? undefined : name;
}

/** `==== name ====` or `---- name ----` (3 or more on each side; dashes need spaces and a letter, unlike pip's `---- ----` rule). */
function banner(s: string, mark: '=' | '-', strict: boolean): string | undefined {
  let lead = 0;
  while (lead < s.length && s[lead] === mark) lead++;
  let trail = 0;
  while (trail < s.length - lead && s[s.length - 1 - trail] === mark) trail++;
  if (lead < 3 || trail < 3) return undefined;
  const middle = s.slice(lead, s.length - trail);
  const name = middle.trim();
  if (name === '') return undefined;
  if (strict && (!/^\s/.test(middle) || !/\s$/.test(middle) || !/[A-Za-z]/.test(name))) return undefined;
  return name;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i]!)) i++;
  return i;
}

/** The non-empty text after at least one whitespace character at `i`. */
function afterSpace(s: string, i: number): string | undefined {
  const j = skipSpace(s, i);
  if (j === i || j >= s.length) return undefined;
  return s.slice(j);
}

/** Fold runs of whitespace so a captured line reads well inside a one-line message. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Console captures: contributors paste several command outputs into one file and introduce each
 * with a header line. Shared by the environment and py-spy-error adapters.
 *
 * Accepted headers (the text after the marker is the command or section name):
 *   `$ uname -a`, `user@host:~/work$ pip list`, `root@host:/# sysctl ...`, `(venv) $ ...`  shell prompts
 *   `## pip list` (markdown heading, 1-6 `#`)
 *   `==== pip list ====`, `---- uname -a ----` (banners of 3+ `=` or `-` on both sides)
 */

const PROMPT = /^(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::\S*)?\s*[$#]|\$)\s+(\S.*?)\s*$/;
const HEADING = /^#{1,6}\s+(\S.*?)\s*#*\s*$/;
const EQ_BANNER = /^={3,}\s*(\S.*?)\s*={3,}\s*$/;
// Spaces and a letter are required so that pip's `------ -------` rule under its header is not a banner.
const DASH_BANNER = /^-{3,}\s+(\S.*?[A-Za-z].*?)\s+-{3,}\s*$/;

/** The command or section name a header line introduces, or undefined for an ordinary line. */
export function commandHeader(line: string): string | undefined {
  for (const re of [PROMPT, HEADING, EQ_BANNER, DASH_BANNER]) {
    const m = re.exec(line);
    if (m) return m[1]!;
  }
  return undefined;
}

/** Fold runs of whitespace so a captured line reads well inside a one-line message. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

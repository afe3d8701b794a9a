import { error } from '../diagnostics/diagnostic.js';
import type { Patch } from '../records.js';
import type { Adapter } from './types.js';

type FileStat = Patch['files'][number];

/** Unified diffs (`git diff`, `git format-patch`, `diff -u`): files changed, insertions, deletions. */
export const adapter: Adapter = {
  id: 'patch',
  kind: 'patch',
  title: 'Patch / diff (`git diff`, `git format-patch`, `diff -u`)',
  recognisedBy: '`diff --git` or `---`/`+++` file headers followed by `@@` hunks; `.patch`/`.diff` names',
  extracts: 'files changed with insertions and deletions per file, totals',

  detect(input) {
    const h = input.head;
    if (/^diff --git /m.test(h)) return 0.95;
    if (/^--- \S.*\r?\n\+\+\+ \S.*\r?\n@@ /m.test(h)) return 0.9;
    return /\.(patch|diff)$/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const files: FileStat[] = [];
    let current: FileStat | undefined;
    // A `diff --git` entry waits for its `+++` line to learn the exact path.
    let awaitingHeader = false;
    let oldPath: string | undefined;
    // Hunk bodies are delimited by the counts in `@@ -a,b +c,d @@`, so a deleted line that
    // starts with "-- " is never mistaken for a file header.
    let oldLeft = 0;
    let newLeft = 0;
    for await (const line of input.lines()) {
      if (oldLeft > 0 || newLeft > 0) {
        const c = line[0];
        if (c === '+') {
          current!.insertions++;
          newLeft--;
        } else if (c === '-') {
          current!.deletions++;
          oldLeft--;
        } else if (c === ' ' || line === '') {
          oldLeft--;
          newLeft--;
        }
        continue;
      }
      if (line.startsWith('diff --git ')) {
        const m = / b\/(.+)$/.exec(line);
        current = { path: m ? m[1]! : line.slice(11), insertions: 0, deletions: 0 };
        files.push(current);
        awaitingHeader = true;
      } else if (line.startsWith('--- ')) {
        oldPath = headerPath(line);
      } else if (line.startsWith('+++ ') && oldPath !== undefined) {
        const newPath = headerPath(line);
        const p = newPath === '/dev/null' ? oldPath : newPath;
        if (awaitingHeader && current) current.path = p;
        else {
          current = { path: p, insertions: 0, deletions: 0 };
          files.push(current);
        }
        awaitingHeader = false;
        oldPath = undefined;
      } else if (current) {
        const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
        if (m) {
          oldLeft = m[1] === undefined ? 1 : Number(m[1]);
          newLeft = m[2] === undefined ? 1 : Number(m[2]);
        }
      }
    }
    if (files.length === 0) {
      return {
        diagnostics: [
          error('patch.no-files', 'no file changes found: expected `diff --git` or `---`/`+++` headers followed by `@@` hunks', {
            file: input.displayPath,
            line: 1,
            column: 1,
          }),
        ],
      };
    }
    const record: Patch = {
      kind: 'patch',
      tool: 'unified-diff',
      files,
      insertions: files.reduce((s, f) => s + f.insertions, 0),
      deletions: files.reduce((s, f) => s + f.deletions, 0),
    };
    return { record, diagnostics: [] };
  },
};

/** Path of a `---`/`+++` header: timestamp dropped, git's a/ b/ prefix removed. */
function headerPath(line: string): string {
  return line
    .slice(4)
    .replace(/\t.*$/, '')
    .trim()
    .replace(/^[ab]\//, '');
}

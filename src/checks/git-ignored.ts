import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { documentFile, documentSetFor } from '../render/document-sets.js';
import { filesUnder } from './_evidence.js';
import { isInside } from '../util/fs.js';
import { defineRule, finding, type Finding } from './_rule.js';
import { track } from './_reads.js';
import type { CheckContext } from './types.js';

/**
 * Published files that git ignores are silently left out of the commit: a natural `.gitignore`
 * line such as `*.log` or `raw/` would drop evidence copies the documents link to. One
 * `git check-ignore` call answers for every document and every file under evidenceDir; a file
 * git already tracks is not reported (it stays committed). Outside a git work tree, or without
 * git, there is nothing to check.
 */
export const rule = defineRule({
  id: 'git-ignored',
  description: 'no document or published evidence file is ignored by git (it would be left out of the commit)',
  severity: 'warning',
  run(ctx) {
    const docs = documentSetFor(ctx.config)
      .documents.map((spec) => path.join(ctx.config.outDirAbs, documentFile(ctx.config.rfc, spec)))
      .filter((f) => (track(ctx, 'exists', f), existsSync(f)));
    const files = [...docs, ...filesUnder(ctx)];
    if (files.length === 0) return [];
    const cwd = ctx.config.baseDir;
    if (ctx.reads) trackGitInputs(ctx, cwd, files);
    const r = spawnSync('git', ['check-ignore', '-z', '-v', '--stdin'], { cwd, input: files.map((f) => path.relative(cwd, f)).join('\0') + '\0', encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    // 0: some are ignored; 1: none; anything else (no repository, no git): nothing to say.
    if (r.status !== 0 || typeof r.stdout !== 'string') return [];
    const fields = r.stdout.split('\0');
    // One finding per ignoring pattern, at its line: that is what to change.
    const byPattern = new Map<string, { source: string; line: number; pattern: string; files: string[] }>();
    for (let i = 0; i + 3 < fields.length; i += 4) {
      const [source, line, pattern, file] = fields.slice(i, i + 4) as [string, string, string, string];
      const key = `${source}\0${line}`;
      let group = byPattern.get(key);
      if (!group) byPattern.set(key, (group = { source, line: Number(line), pattern, files: [] }));
      group.files.push(ctx.show(path.resolve(cwd, file)));
    }
    // Pattern sources are named relative to the top of the work tree (or absolute: global excludes).
    const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' }).stdout.trim() || cwd;
    const out: Finding[] = [];
    const groups = [...byPattern.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.line - b.line));
    for (const g of groups) {
      const shownSource = ctx.show(path.resolve(top, g.source));
      const examples = g.files.slice(0, 3).join(', ') + (g.files.length > 3 ? `, and ${g.files.length - 3} more` : '');
      out.push(
        finding('published', `expected published files to be committable, found ${g.files.length} ignored by the pattern \`${g.pattern}\`: ${examples}`, {
          file: shownSource,
          ...(g.line > 0 ? { line: g.line, column: 1 } : {}),
          hint: "git would leave them out of the commit and the documents' links would break: narrow the pattern, add a `!` exception for the evidence folder after it, or `git add -f` the files",
        }),
      );
    }
    return out;
  },
});

/**
 * What git's answer depends on, recorded so it is asked again only when one of them changes: a
 * `.git` appearing in any folder above the config, the repository's index, config and
 * info/exclude, the user's and the system's git config and global ignore file (and the one
 * core.excludesFile names; these by their stat only), and a `.gitignore` in every folder from the top of the work tree down
 * to each file asked about. (The environment variables that move these are part of the cache key.)
 */
function trackGitInputs(ctx: CheckContext, cwd: string, files: readonly string[]): void {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    track(ctx, 'exists', path.join(dir, '.git'));
    if (path.dirname(dir) === dir) break;
  }
  const r = spawnSync('git', ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { cwd, encoding: 'utf8' });
  const [top, gitDir, common] = r.status === 0 && typeof r.stdout === 'string' ? r.stdout.split('\n') : [];
  if (!top || !gitDir || !common) return;
  const commonDir = path.resolve(cwd, common);
  // git's own files, some outside the project (a worktree's git dir, the user's config): their
  // stat is enough to see a change, and their bytes are not ours to read.
  for (const f of [path.join(gitDir, 'index'), path.join(gitDir, 'config.worktree'), path.join(commonDir, 'config'), path.join(commonDir, 'info', 'exclude')]) track(ctx, 'stat', f);
  const home = process.env.HOME ?? '';
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  for (const f of [path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config'), path.join(xdg, 'git', 'ignore'), '/etc/gitconfig']) track(ctx, 'stat', f);
  const excludes = spawnSync('git', ['config', '--path', '--get', 'core.excludesFile'], { cwd, encoding: 'utf8' }).stdout?.trim();
  if (excludes) track(ctx, 'stat', path.resolve(cwd, excludes));
  const dirs = new Set<string>();
  for (const f of files) {
    for (let dir = path.dirname(f); isInside(top, dir) && !dirs.has(dir); dir = path.dirname(dir)) {
      dirs.add(dir);
      if (dir === top) break;
    }
  }
  for (const dir of dirs) track(ctx, 'content', path.join(dir, '.gitignore'));
}

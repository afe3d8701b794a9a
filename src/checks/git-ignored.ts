import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { documentFile, documentSetFor } from '../render/document-sets.js';
import { filesUnder } from './_evidence.js';
import { defineRule, finding, type Finding } from './_rule.js';

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
      .filter((f) => existsSync(f));
    const files = [...docs, ...filesUnder(ctx)];
    if (files.length === 0) return [];
    const cwd = ctx.config.baseDir;
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

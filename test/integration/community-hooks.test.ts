/**
 * The community repository's pre-commit hooks change nothing after collect + render, and check
 * passes after them, with real pre-commit on a scratch repository. pre-commit-hooks itself lives
 * on GitHub, which CI cannot reach, so the four hooks are `repo: local` stand-ins
 * (test/fixtures/precommit/hooks/, same rules) run by the real pre-commit with the real file
 * selection (`types: [text]`/`[yaml]`, identify's text detection).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cli, repoRoot, tempDir } from '../pipeline/helpers.js';
import { communityFork } from './_fork.js';
import { gitInit, hasTool, sh } from './_tools.js';

const tools = hasTool('git') && hasTool('pre-commit') && hasTool('python3', '-c', 'import yaml');
const hooksDir = path.join(repoRoot, 'test', 'fixtures', 'precommit', 'hooks');

/** The community's hook set, as `repo: local` entries. */
function precommitConfig(): string {
  const hook = (id: string, script: string, extra: object) => ({ id, name: id, entry: `python3 ${path.join(hooksDir, script)}`, language: 'system', ...extra });
  return YAML.stringify({
    repos: [
      {
        repo: 'local',
        hooks: [
          hook('trailing-whitespace', 'trailing_whitespace.py', { types: ['text'] }),
          hook('end-of-file-fixer', 'end_of_file.py', { types: ['text'] }),
          hook('check-yaml', 'check_yaml.py', { types: ['yaml'] }),
          hook('check-added-large-files', 'check_added_large_files.py', { args: ['--maxkb=1024'] }),
        ],
      },
    ],
  });
}

describe.skipIf(!tools)('community pre-commit hooks after collect + render', () => {
  it('change nothing, and check passes after them', async () => {
    const root = tempDir();
    const { repo, project, evidenceDir } = communityFork(root);
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), precommitConfig());

    expect((await cli(['collect'], project)).code).toBe(0);
    expect((await cli(['render'], project)).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(project, evidenceDir, 'manifest.json'), 'utf8')) as { entries: Array<Record<string, unknown>> };
    const byRole = (role: string) => manifest.entries.filter((e) => e.role === role);
    // What was normalised is recorded with the original's digest; the CRLF copy keeps CRLF.
    const csv = byRole('profiling.kernels')[0]!;
    expect(csv.normalised).toEqual({ trailingWhitespaceLines: expect.any(Number), finalNewline: 'trimmed' });
    expect(csv.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    const csvCopy = readFileSync(path.join(project, evidenceDir, csv.path as string), 'latin1');
    expect(csvCopy.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(byRole('benchmark.formal')[0]!.normalised).toEqual({ finalNewline: 'added' });
    expect(byRole('log').find((e) => String(e.source).endsWith('workerlog.1'))!.storage).toBe('external');

    sh('git', ['-C', repo, 'add', '-A'], { expectStatus: 0 });
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(root, 'pre-commit-cache'), NO_COLOR: '1' };
    const run = sh('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: repo, env });
    expect(run.stdout).toMatch(/trailing-whitespace\.+Passed/);
    expect(run.stdout).toMatch(/end-of-file-fixer\.+Passed/);
    expect(run.stdout).toMatch(/check-yaml\.+Passed/);
    expect(run.stdout).toMatch(/check-added-large-files\.+Passed/);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    // Nothing rewritten: the working tree equals what was staged before the hooks ran.
    sh('git', ['-C', repo, 'diff', '--exit-code', '--stat'], { expectStatus: 0 });

    const check = await cli(['check'], project);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout + check.stderr).not.toMatch(/digest\.mismatch/);
  });

  it('the stand-in hooks do rewrite what they must (so passing above means something)', () => {
    const root = tempDir();
    gitInit(root);
    writeFileSync(path.join(root, '.pre-commit-config.yaml'), precommitConfig());
    writeFileSync(path.join(root, 'padded.log'), '| 0  MetaX C500 |   \n');
    writeFileSync(path.join(root, 'dump.json'), '{"a": 1}');
    writeFileSync(path.join(root, 'bad.yaml'), 'a: [1\n');
    writeFileSync(path.join(root, 'big.txt'), 'x'.repeat(1024 * 1024 + 1));
    sh('git', ['-C', root, 'add', '-A'], { expectStatus: 0 });
    const run = sh('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: root, env: { ...process.env, PRE_COMMIT_HOME: path.join(root, '.cache') } });
    expect(run.status).toBe(1);
    for (const id of ['trailing-whitespace', 'end-of-file-fixer', 'check-yaml', 'check-added-large-files']) expect(run.stdout).toMatch(new RegExp(`${id}\\.+Failed`));
    expect(readFileSync(path.join(root, 'padded.log'), 'utf8')).toBe('| 0  MetaX C500 |\n');
    expect(readFileSync(path.join(root, 'dump.json'), 'utf8')).toBe('{"a": 1}\n');
  });
});

/**
 * The tool's own pre-commit hook (.pre-commit-hooks.yaml) installs and runs under the real
 * pre-commit from a clean cache: the hook repository is a scratch git repository holding what
 * ships (a commit of it, as `repo: <path>` + `rev` need), the user's a scratch community fork.
 */
import { cpSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cli, repoRoot, tempDir } from '../pipeline/helpers.js';
import { communityFork } from './_fork.js';
import { gitInit, hasTool, sh, SHIPPED } from './_tools.js';

const tools = hasTool('git') && hasTool('pre-commit');

describe.skipIf(!tools)('the rfc-evidence pre-commit hook', () => {
  it('installs from a clean cache and passes, then fails on an edited copy naming the rule', async () => {
    const root = tempDir();
    const hookRepo = path.join(root, 'rfc-evidence');
    gitInit(hookRepo);
    for (const f of SHIPPED) cpSync(path.join(repoRoot, f), path.join(hookRepo, f), { recursive: true });
    sh('git', ['-C', hookRepo, 'add', '-A'], { expectStatus: 0 });
    sh('git', ['-C', hookRepo, 'commit', '-q', '-m', 'release'], { expectStatus: 0 });
    const rev = sh('git', ['-C', hookRepo, 'rev-parse', 'HEAD'], { expectStatus: 0 }).stdout.trim();

    const { repo, project, evidenceDir } = communityFork(root);
    const precommit = { repos: [{ repo: hookRepo, rev, hooks: [{ id: 'rfc-evidence-check', args: ['--config', 'rfcs/FastDeploy/rfc-evidence.yaml'] }] }] };
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), YAML.stringify(precommit));
    expect((await cli(['collect'], project)).code).toBe(0);
    expect((await cli(['render'], project)).code).toBe(0);
    sh('git', ['-C', repo, 'add', '-A'], { expectStatus: 0 });

    // No node_modules anywhere on the way: the hook runs the bundle with the system node.
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(root, 'pre-commit-cache'), NO_COLOR: '1', NODE_PATH: '' };
    const ok = sh('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: repo, env });
    expect(ok.stdout + ok.stderr).toMatch(/rfc-evidence check\.+Passed/);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);

    const manifest = JSON.parse(readFileSync(path.join(project, evidenceDir, 'manifest.json'), 'utf8')) as { entries: Array<{ path: string; storage: string }> };
    appendFileSync(path.join(project, evidenceDir, manifest.entries.find((e) => e.storage === 'inline' && e.path.endsWith('.json'))!.path), ' ');
    sh('git', ['-C', repo, 'add', '-A'], { expectStatus: 0 });
    const bad = sh('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: repo, env });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/rfc-evidence check\.+Failed/);
    expect(bad.stdout).toContain('digest.mismatch');
  });

  it('the committed entry is executable, as `language: script` needs', () => {
    const hooks = YAML.parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ entry: string; language: string }>;
    expect(hooks[0]!.language).toBe('script');
    const entry = hooks[0]!.entry.split(' ')[0]!;
    const staged = sh('git', ['-C', repoRoot, 'ls-files', '-s', entry], { expectStatus: 0 }).stdout;
    expect(staged).toMatch(/^100755 /);
  });
});

/**
 * Install paths of the README, each on a fresh clone of this repository's HEAD and each running
 * `check` on the example: from a git URL (`npm install -g`, and `npx`), as a dev dependency of
 * another project, and from an `npm pack` tarball. They need the npm registry (for the
 * dependencies) and take minutes, so they run only with RFC_EVIDENCE_INSTALL_TESTS=1
 * (`.ci/run` sets it); otherwise they are skipped.
 * None may write into the user's repository beyond the config and the documents.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../pipeline/helpers.js';
import { communityFork } from '../integration/_fork.js';
import { gitInit, sh } from '../integration/_tools.js';

const enabled = process.env.RFC_EVIDENCE_INSTALL_TESTS === '1';
const EXAMPLE = 'evidence/examples/metax-paddleocr-vl-stage1';
const NPM = { env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } };

/** The example and its documents, where `check` must pass: a git work tree, the project root its config's `../../../rfcs` stays inside. */
function exampleCopy(root: string): string {
  const dir = path.join(root, 'example');
  for (const sub of [EXAMPLE, 'rfcs']) cpSync(path.join(repoRoot, sub), path.join(dir, sub), { recursive: true, filter: (p) => !p.includes('.rfc-evidence-cache') });
  gitInit(dir);
  return dir;
}

/** Runs an installed bin: check on the example passes; in a fork, init + collect + render + check leave only config, documents and copies (the fork's patch-notes.yaml is the author's, put there by communityFork). */
function exercise(bin: string[], root: string): void {
  const ex = exampleCopy(root);
  sh(bin[0]!, [...bin.slice(1), 'check', '--config', `${EXAMPLE}/rfc-evidence.yaml`], { cwd: ex, expectStatus: 0, ...NPM });
  const { repo, project } = communityFork(path.join(root, 'fork'));
  const cfg = path.join(project, 'rfc-evidence.yaml');
  // init writes a starter config and nothing else; the real one replaces it.
  const initDir = path.join(repo, 'rfcs', 'Other');
  mkdirSync(initDir, { recursive: true });
  sh(bin[0]!, [...bin.slice(1), 'init', initDir], { cwd: repo, expectStatus: 0 });
  expect(readdirSync(initDir)).toEqual(['rfc-evidence.yaml']);
  for (const command of ['collect', 'render', 'check']) sh(bin[0]!, [...bin.slice(1), command, '--config', cfg], { cwd: repo, expectStatus: 0 });
  const status = sh('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=all'], { expectStatus: 0 }).stdout.split('\n').filter(Boolean);
  for (const line of status) expect(line, 'only configs, documents and evidence copies').toMatch(/^\?\? rfcs\/(Other\/rfc-evidence\.yaml|FastDeploy\/(rfc-evidence\.yaml|patch-notes\.yaml|\d{8}_\w+\.md|evidence\/.+))$/);
  expect(existsSync(path.join(repo, 'package.json')) || existsSync(path.join(repo, 'node_modules'))).toBe(false);
}

describe.skipIf(!enabled)('install paths (npm registry needed)', () => {
  // Its own scratch folder: installed trees take longer to delete than the shared helper allows.
  const root = mkdtempSync(path.join(os.tmpdir(), 'rfc-evidence-install-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }), 300_000);
  const clone = path.join(root, 'clone');
  sh('git', ['clone', '-q', repoRoot, clone], { expectStatus: 0 });

  it('npm install -g from a git URL', () => {
    const prefix = path.join(root, 'global-git');
    // --install-links: npm 11 otherwise links the global package to its temporary clone, which it then deletes.
    sh('npm', ['install', '-g', '--install-links', '--prefix', prefix, `git+file://${clone}`], { expectStatus: 0, ...NPM });
    exercise([path.join(prefix, 'bin', 'rfc-evidence')], path.join(root, 'use-git'));
  }, 900_000);

  it('npx from a git URL, nothing installed', () => {
    exercise(['npx', '--yes', `git+file://${clone}`], path.join(root, 'use-npx'));
  }, 900_000);

  it('npm pack tarball, installed globally', () => {
    const packDir = path.join(root, 'pack');
    mkdirSync(packDir);
    // Packing a clone without its dev dependencies: prepare skips dist/, the bin is the bundle.
    const tgz = sh('npm', ['pack', '--silent', '--pack-destination', packDir, clone], { expectStatus: 0, ...NPM }).stdout.trim().split('\n').pop()!;
    const prefix = path.join(root, 'global-tgz');
    sh('npm', ['install', '-g', '--prefix', prefix, path.join(packDir, tgz)], { expectStatus: 0, ...NPM });
    exercise([path.join(prefix, 'bin', 'rfc-evidence')], path.join(root, 'use-tgz'));
  }, 900_000);

  it('as a dev dependency of another project (its node_modules/.bin, what npx runs)', () => {
    const project = path.join(root, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'some-project', version: '1.0.0', private: true }, null, 2));
    sh('npm', ['install', '--save-dev', `git+file://${clone}`], { cwd: project, expectStatus: 0, ...NPM });
    exercise([path.join(project, 'node_modules', '.bin', 'rfc-evidence')], path.join(root, 'use-dev'));
  }, 900_000);
});

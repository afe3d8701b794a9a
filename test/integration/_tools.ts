/**
 * Helpers of the integration tests, which run real outside tools (git, pre-commit, npm) on
 * scratch folders. A test whose tool is missing is skipped, unless RFC_EVIDENCE_REQUIRE_TOOLS=1
 * (set by `.ci/run`), where a missing tool fails it instead.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { expect } from 'vitest';

export function hasTool(cmd: string, ...args: string[]): boolean {
  const ok = spawnSync(cmd, args.length ? args : ['--version'], { stdio: 'ignore' }).status === 0;
  if (!ok && process.env.RFC_EVIDENCE_REQUIRE_TOOLS === '1') throw new Error(`${cmd} is required (RFC_EVIDENCE_REQUIRE_TOOLS=1) but does not run`);
  return ok;
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command; `expectStatus` fails the test with its output when the exit code differs. */
export function sh(cmd: string, args: string[], options: SpawnSyncOptions & { expectStatus?: number } = {}): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const ran = { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  if (options.expectStatus !== undefined) expect(ran.status, `${cmd} ${args.join(' ')}\n${ran.stdout}\n${ran.stderr}`).toBe(options.expectStatus);
  return ran;
}

/** A scratch git repository with an identity (commits need one), on branch main. */
export function gitInit(dir: string): void {
  sh('git', ['init', '-q', '-b', 'main', dir], { expectStatus: 0 });
  sh('git', ['-C', dir, 'config', 'user.email', 'test@example.invalid'], { expectStatus: 0 });
  sh('git', ['-C', dir, 'config', 'user.name', 'test'], { expectStatus: 0 });
  sh('git', ['-C', dir, 'config', 'commit.gpgsign', 'false'], { expectStatus: 0 });
}

/** What the tool ships beside its bundle: all a checkout (Action, pre-commit) or a package holds that runs. */
export const SHIPPED = ['bundle', 'templates', 'schemas', 'profiles', 'document-sets', 'package.json', '.pre-commit-hooks.yaml', 'action.yml'];

/**
 * The GitHub Action's entry (action.yml `runs.main`, bundled as bundle/action.mjs). The runner
 * starts it with node from the action's own checkout at the ref the workflow pins, so the code
 * that runs is the code of that ref; inputs arrive as `INPUT_<NAME>` environment variables (the
 * name upper-cased, spaces as `_`, hyphens kept). It runs `check --format github`: annotations on
 * stdout, the job summary appended to `$GITHUB_STEP_SUMMARY`, and SARIF to `sarif-file` when set,
 * for a later `github/codeql-action/upload-sarif` step. The exit code is check's.
 */
import path from 'node:path';
import { run } from '../cli/main.js';
import { processIo, type Io } from '../cli/io.js';

/** An input as the runner passes it: `INPUT_` + name upper-cased with spaces as `_`, trimmed. */
export function actionInput(env: Record<string, string | undefined>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** The check command line the inputs ask for. */
export function actionArgs(env: Record<string, string | undefined>): string[] {
  const profile = actionInput(env, 'profile');
  const sarif = actionInput(env, 'sarif-file');
  return [
    'check',
    '--config',
    actionInput(env, 'config') || 'rfc-evidence.yaml',
    '--format',
    'github',
    ...(profile ? ['--profile', profile] : []),
    ...(sarif ? ['--sarif-file', sarif] : []),
  ];
}

export async function runAction(io: Io = processIo()): Promise<number> {
  const workspace = io.env.GITHUB_WORKSPACE || io.cwd;
  const cwd = path.resolve(workspace, actionInput(io.env, 'working-directory') || '.');
  return run(actionArgs(io.env), { ...io, cwd });
}

process.exitCode = await runAction();

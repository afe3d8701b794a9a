/**
 * Same evidence, same bytes: rendering twice, in another folder, or under another time zone and
 * locale (the built bin in child processes) changes no byte of the documents or the manifest.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli, collectAndRender, copyExampleEvidence, repoRoot, snapshot, stage1Config, treeDiff } from './helpers.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'dist', 'cli', 'main.js');

/** collect + render with the built bin under `env`; returns every file under rfcs/. */
async function renderWithBin(env: Record<string, string>) {
  const root = copyExampleEvidence();
  // A minimal environment, so the variables under test are the only locale/time settings.
  const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  for (const command of ['collect', 'render']) await run(process.execPath, [bin, command, '--config', stage1Config], { cwd: root, env: childEnv });
  return snapshot(path.join(root, 'rfcs'));
}

describe('determinism', () => {
  it('two fresh renders in two folders give the same bytes; a re-render changes nothing', async () => {
    const a = copyExampleEvidence();
    const b = copyExampleEvidence();
    await collectAndRender(a, stage1Config);
    await collectAndRender(b, stage1Config);
    const first = snapshot(path.join(a, 'rfcs'));
    expect([...first.keys()].filter((f) => f.endsWith('.md')).length).toBeGreaterThanOrEqual(3);
    expect([...first.keys()]).toContain('FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1/manifest.json');
    expect(treeDiff(first, snapshot(path.join(b, 'rfcs')))).toEqual([]);
    // Again in the same folder: render reports nothing to do and changes no byte.
    const again = await cli(['render', '--config', stage1Config], a);
    expect(again.code).toBe(0);
    const lines = again.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => !l.endsWith(': unchanged'))).toEqual([]);
    expect(treeDiff(first, snapshot(path.join(a, 'rfcs')))).toEqual([]);
  });

  it('TZ=Asia/Shanghai + tr_TR.UTF-8 and TZ=UTC + C give the same bytes', async () => {
    expect(existsSync(bin), `${bin} is missing: run \`npm run build\` (npm test does)`).toBe(true);
    const [east, utc] = await Promise.all([
      renderWithBin({ TZ: 'Asia/Shanghai', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }),
      renderWithBin({ TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }),
    ]);
    expect(east.size).toBeGreaterThanOrEqual(5);
    expect(treeDiff(east, utc)).toEqual([]);
  });
});

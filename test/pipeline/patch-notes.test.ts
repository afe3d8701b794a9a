/**
 * Patch notes are the author's input: a notes file that is missing, not YAML, or not of the
 * documented shape is a usage error (exit 2) naming the file and the line; an inline mapping
 * in the config is checked by the config schema the same way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyRepoExample, stage1Config } from './helpers.js';

const notes = 'evidence/examples/metax-paddleocr-vl-stage1/patch-notes.yaml';

describe('patchNotes', () => {
  it('a missing notes file: exit 2 naming it', async () => {
    const root = copyRepoExample();
    const config = path.join(root, stage1Config);
    writeFileSync(config, readFileSync(config, 'utf8').replace('patchNotes: patch-notes.yaml', 'patchNotes: notes/missing.yaml'));
    const r = await cli(['render', '--config', stage1Config], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes/missing.yaml');
    expect(r.stderr).toContain('ENOENT');
  });

  it('a note of the wrong shape: exit 2 naming the file, line and what was expected', async () => {
    const root = copyRepoExample();
    const file = path.join(root, notes);
    writeFileSync(file, readFileSync(file, 'utf8').replace('  necessity: required\n', '  necessity: optional\n'));
    const r = await cli(['render', '--config', stage1Config], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/patch-notes\.yaml:\d+:\d+: error .*necessity.*(required|fallback)/);
  });

  it('inline notes are checked by the config schema (a missing why)', async () => {
    const root = copyRepoExample();
    const config = path.join(root, stage1Config);
    writeFileSync(config, readFileSync(config, 'utf8').replace('patchNotes: patch-notes.yaml', 'patchNotes:\n  fastdeploy/config.py:\n    what: 关闭 CUDAGraph\n    necessity: fallback'));
    const r = await cli(['render', '--config', stage1Config], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rfc-evidence\.yaml:\d+:\d+: error .*why/);
  });
});

/**
 * The committed example is up to date (the committed documents must equal what the demo writes):
 * for every rfc-evidence*.yaml of every example, collect + render in a temp copy of
 * evidence/examples + rfcs changes no file under rfcs/, and check passes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, collectAndRender, copyRepoExample, exampleConfigs, repoRoot, snapshot, stage1Config, treeDiff } from './helpers.js';

/** What collect + render of `config` would change under rfcs/ of a temp copy (after an optional edit of the copy). */
async function staleFiles(config: string, edit?: (root: string) => void): Promise<{ root: string; diff: string[] }> {
  const root = copyRepoExample();
  edit?.(root);
  const before = snapshot(path.join(root, 'rfcs'));
  await collectAndRender(root, config);
  return { root, diff: treeDiff(before, snapshot(path.join(root, 'rfcs'))) };
}

describe('committed example documents', () => {
  const configs = exampleConfigs();

  it('the stage-one example and its config are found', () => {
    expect(configs).toContain(stage1Config);
    // The committed documents of the stage-one example exist.
    const committed = [...snapshot(path.join(repoRoot, 'rfcs/FastDeploy')).keys()];
    for (const doc of ['report', 'exec_summary', 'evidence_manifest']) expect(committed).toContain(`20260423_paddleocr_vl_metax_stage1_${doc}_for_fastdeploy.md`);
  });

  it.each(configs)('%s: collect + render change nothing under rfcs/, and check passes', async (config) => {
    const { root, diff } = await staleFiles(config);
    // A non-empty list names the stale files: run `npm run demo` (or collect + render of this config) and commit the result.
    expect(diff).toEqual([]);
    const checked = await cli(['check', '--config', config], root);
    expect(checked.stdout).not.toMatch(/\n[1-9]\d* error\(s\)/);
    expect(checked.code).toBe(0);
  });

  it('the comparison does detect stale documents (one changed latency in the evidence)', async () => {
    const { diff } = await staleFiles(stage1Config, (root) => {
      const file = path.join(root, 'evidence/examples/metax-paddleocr-vl-stage1/formal/benchmark_formal.json');
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('"latency_s": 0.389,');
      writeFileSync(file, text.replace('"latency_s": 0.389,', '"latency_s": 0.989,'));
    });
    expect(diff).toContain('~ FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1/manifest.json');
    expect(diff).toContain('~ FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1/formal/benchmark_formal.json');
    expect(diff).toContain('~ FastDeploy/20260423_paddleocr_vl_metax_stage1_report_for_fastdeploy.md');
  });
});

/**
 * check on a temp copy of the example evidence, freshly collected and rendered (so these tests do not
 * depend on the committed documents being current: dogfood.test.ts covers that): a clean tree
 * passes, a changed or deleted copy is named with its digest, a missing manifest is reported.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cloneTree, copyExampleEvidence, linesWithId, sha256, stage1Config } from './helpers.js';

const EVIDENCE = 'rfcs/FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1';
const FORMAL = `${EVIDENCE}/formal/benchmark_formal.json`;

let prepared: string;
beforeAll(async () => {
  prepared = copyExampleEvidence();
  expect((await cli(['collect', '--config', stage1Config], prepared)).code).toBe(0);
  expect((await cli(['render', '--config', stage1Config], prepared)).code).toBe(0);
}, 60_000);

const check = (root: string, ...extra: string[]) => cli(['check', '--config', stage1Config, ...extra], root);
/** A check whose rules all run (no results from check-results.json), so they read the hash cache. */
const checkRunningRules = (root: string) => {
  rmSync(path.join(root, path.dirname(stage1Config), '.rfc-evidence-cache', 'check-results.json'), { force: true });
  return check(root);
};
const errorCount = (report: string) => Number(/\n(\d+) error\(s\), \d+ warning\(s\)\n$/.exec(report)?.[1] ?? 0);

describe('check', () => {
  it('parses a document only when it changed: an unchanged one is read from the cache, an edited one again', async () => {
    const root = cloneTree(prepared);
    expect((await check(root)).code).toBe(0);
    const cacheFile = path.join(root, path.dirname(stage1Config), '.rfc-evidence-cache', 'hashes.json');
    type Cached = { files: Record<string, { facts?: Record<string, { links: { url: string; line: number; column: number }[] }> }> };
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as Cached;
    const [key, entry] = Object.entries(cache.files).find(([k]) => k.endsWith('_stage1_report_for_fastdeploy.md'))!;
    const name = Object.keys(entry.facts ?? {}).find((f) => f.startsWith('document-facts/'));
    expect(name).toBeDefined();
    // A link that is not in the document: only a check that trusts the cache reports it.
    entry.facts![name!]!.links.push({ url: 'planted-by-the-test.md', line: 3, column: 1 });
    writeFileSync(cacheFile, JSON.stringify(cache));
    const warm = await checkRunningRules(root);
    expect(linesWithId(warm.stdout, 'links.broken').join('\n')).toContain('planted-by-the-test.md');
    // Touching the document (same bytes, new mtime) drops its cached facts: parsed again.
    const doc = path.join(root, path.dirname(stage1Config), '.rfc-evidence-cache', key);
    writeFileSync(doc, readFileSync(doc));
    const again = await checkRunningRules(root);
    expect(again.stdout).not.toContain('planted-by-the-test.md');
    expect(again.code).toBe(0);
  });

  it('scans manifest.json for secrets once per content: the cached verdict is used until the manifest changes', async () => {
    const root = cloneTree(prepared);
    expect((await check(root)).code).toBe(0);
    const cacheFile = path.join(root, path.dirname(stage1Config), '.rfc-evidence-cache', 'hashes.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { files: Record<string, { facts?: Record<string, unknown> }> };
    const [, entry] = Object.entries(cache.files).find(([k]) => k.endsWith('/manifest.json'))!;
    const name = Object.keys(entry.facts ?? {}).find((f) => f.startsWith('manifest-secrets/'));
    expect(name).toBeDefined();
    // A hit that is not in the file: only a check that trusts the cache reports it.
    entry.facts![name!] = [{ line: 1, column: 1, what: 'planted-by-the-test' }];
    writeFileSync(cacheFile, JSON.stringify(cache));
    const warm = await checkRunningRules(root);
    expect(linesWithId(warm.stdout, 'secrets.found').join('\n')).toContain('planted-by-the-test');
    // Rewriting the manifest (same bytes, new mtime) drops the cached verdict: scanned again.
    const manifest = path.join(root, EVIDENCE, 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest));
    const again = await checkRunningRules(root);
    expect(again.stdout).not.toContain('planted-by-the-test');
    expect(again.code).toBe(0);
  });

  it('a freshly collected and rendered example passes: exit 0, no errors', async () => {
    const r = await check(cloneTree(prepared));
    // Warnings (advice) may be printed, errors may not.
    expect(r.stdout).toMatch(/^check passed: \d+ rules(, profile [\w-]+)?, no findings\n$|\n0 error\(s\), \d+ warning\(s\)\n$/);
    expect(r.code).toBe(0);
  });

  it('one changed byte in a copied evidence file: exit 1, names the file and both digests', async () => {
    const root = cloneTree(prepared);
    const file = path.join(root, FORMAL);
    const bytes = readFileSync(file);
    const expected = sha256(bytes);
    const at = bytes.indexOf('"latency_s": 0.389');
    expect(at).toBeGreaterThan(0);
    bytes[at + '"latency_s": 0.38'.length] = '8'.charCodeAt(0); // 0.389 -> 0.388
    writeFileSync(file, bytes);
    const r = await check(root);
    expect(r.code).toBe(1);
    const lines = linesWithId(r.stdout, 'digest.mismatch');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(FORMAL);
    expect(lines[0]).toContain(expected);
    expect(lines[0]).toContain(sha256(bytes));
    // Nothing else is wrong: the documents still match the manifest.
    expect(errorCount(r.stdout)).toBe(1);
  });

  it('a deleted copy: exit 1, names the file', async () => {
    const root = cloneTree(prepared);
    rmSync(path.join(root, EVIDENCE, 'profiling/kernel_summary.csv'));
    const r = await check(root);
    expect(r.code).toBe(1);
    const lines = linesWithId(r.stdout, 'digest.missing');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${EVIDENCE}/profiling/kernel_summary.csv`);
  });

  it('reports every problem in one run', async () => {
    const root = cloneTree(prepared);
    rmSync(path.join(root, EVIDENCE, 'service/health.txt'));
    writeFileSync(path.join(root, EVIDENCE, 'notes/run_notes.md'), readFileSync(path.join(root, EVIDENCE, 'notes/run_notes.md'), 'utf8') + 'x');
    const r = await check(root);
    expect(r.code).toBe(1);
    expect(linesWithId(r.stdout, 'digest.missing').join('\n')).toContain(`${EVIDENCE}/service/health.txt`);
    expect(linesWithId(r.stdout, 'digest.mismatch').join('\n')).toContain(`${EVIDENCE}/notes/run_notes.md`);
  });

  it('a missing manifest is reported: exit 1, names manifest.json', async () => {
    const root = cloneTree(prepared);
    rmSync(path.join(root, EVIDENCE, 'manifest.json'));
    const r = await check(root);
    expect(r.code).toBe(1);
    expect(linesWithId(r.stdout, 'manifest.missing')).toEqual([expect.stringContaining(`${EVIDENCE}/manifest.json`)]);
  });

  it('a manifest that is not JSON is reported with line and column', async () => {
    const root = cloneTree(prepared);
    const file = path.join(root, EVIDENCE, 'manifest.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('"entries"')));
    const r = await check(root);
    expect(r.code).toBe(1);
    const lines = linesWithId(r.stdout, 'json.syntax');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^  ${EVIDENCE}/manifest\\.json:\\d+:\\d+: error `));
  });
});

/**
 * assertContained's per-run cache of walked folders (collect passes one for its copies): a file
 * in a folder already walked is still refused when the file itself is a symbolic link, a folder
 * the walk did not reach (not created yet) is not cached, and without a cache nothing changes.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertContained } from '../../src/evidence/containment.js';
import { tempDir } from '../pipeline/helpers.js';

function project(): { root: string; dir: string; outside: string } {
  const base = tempDir();
  const root = path.join(base, 'proj');
  const dir = path.join(root, 'evidence', 'env');
  mkdirSync(dir, { recursive: true });
  const outside = path.join(base, 'outside.txt');
  writeFileSync(outside, 'private\n');
  return { root, dir, outside };
}

describe('assertContained with a cache of walked folders', () => {
  it('caches a walked folder, and still refuses a link inside it', () => {
    const { root, dir, outside } = project();
    const seen = new Set<string>();
    assertContained(root, path.join(dir, 'a.txt'), 'write', seen);
    expect([...seen]).toEqual([dir]);
    symlinkSync(outside, path.join(dir, 'b.txt'));
    expect(() => assertContained(root, path.join(dir, 'b.txt'), 'write', seen)).toThrow(/symbolic link/);
    expect(() => assertContained(root, path.join(dir, 'c.txt'), 'write', seen)).not.toThrow();
  });

  it('does not cache a folder that does not exist yet, nor one outside the root', () => {
    const { root, dir, outside } = project();
    const seen = new Set<string>();
    assertContained(root, path.join(dir, 'new', 'a.txt'), 'write', seen);
    expect(seen.size).toBe(0);
    expect(() => assertContained(root, outside, 'write', seen)).toThrow(/outside the project root/);
    expect(seen.size).toBe(0);
  });

  it('refuses a folder replaced by a link when walked without the cache', () => {
    const { root, dir } = project();
    const linked = path.join(root, 'evidence', 'charts');
    symlinkSync(path.dirname(root), linked);
    expect(() => assertContained(root, path.join(linked, 'x.svg'), 'write', new Set())).toThrow(/symbolic link/);
    expect(() => assertContained(root, path.join(dir, 'ok.txt'))).not.toThrow();
  });
});

/**
 * Containment: nothing outside the project root is read unasked, written or deleted; symbolic
 * links are never followed for writes; the layout a config asks for is checked (exit 2).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashCache } from '../../src/evidence/hash-cache.js';
import type { Manifest } from '../../src/evidence/manifest.js';
import { cli, copyRepoExample, latencyJson, linesWithId, miniConfig, stage1Config, tempDir, writeTree } from './helpers.js';

const EVIDENCE = 'out/evidence/20260102_pipeline_test';
const manifestOf = (proj: string) => JSON.parse(readFileSync(path.join(proj, EVIDENCE, 'manifest.json'), 'utf8')) as Manifest;

/** A project folder (a git work tree) beside a folder that is not part of it. */
function layout(inputs: string, extra = ''): { root: string; proj: string; outside: string } {
  const root = tempDir();
  const proj = path.join(root, 'proj');
  const outside = path.join(root, 'outside');
  writeTree(root, { 'outside/secret.txt': 'PRIVATE\n', 'outside/keep.txt': 'do not delete\n' });
  writeTree(proj, { 'rfc-evidence.yaml': miniConfig(inputs, extra), 'runs/run.json': latencyJson([0.5, 0.6]) });
  mkdirSync(path.join(proj, '.git'));
  return { root, proj, outside };
}

describe('containment: inputs', () => {
  it('an explicit path outside the root is refused (exit 2) unless allowOutside', async () => {
    const { proj } = layout('  - path: ../outside/secret.txt\n    role: note');
    const r = await cli(['collect'], proj);
    expect(r.code).toBe(2);
    expect(linesWithId(r.stderr, 'input.outside-root')).toHaveLength(1);
    expect(existsSync(path.join(proj, EVIDENCE))).toBe(false);
  });

  it('/etc/passwd and ../../x are refused', async () => {
    for (const p of ['/etc/passwd', '../../x.txt']) {
      const { root, proj } = layout(`  - path: ${p}\n    role: note`);
      writeFileSync(path.join(root, '..', 'x.txt'), 'x\n');
      const r = await cli(['collect'], proj);
      expect(r.code, p).toBe(2);
      expect(r.stderr, p).toContain('outside the project root');
    }
  });

  it('allowOutside publishes the file and warns', async () => {
    const { proj } = layout('  - path: ../outside/secret.txt\n    role: note\n    allowOutside: true');
    const r = await cli(['collect'], proj);
    expect(r.code).toBe(0);
    expect(linesWithId(r.stderr, 'input.outside-root')).toHaveLength(1);
    expect(manifestOf(proj).entries.map((e) => e.source)).toEqual(['secret.txt']);
  });

  it('a glob does not follow a symbolic link out of the project (file or folder)', async () => {
    const { proj, outside } = layout('  - glob: runs/**/*\n    role: log');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(proj, 'runs', 'key.txt'));
    symlinkSync(outside, path.join(proj, 'runs', 'creds'));
    const r = await cli(['collect'], proj);
    expect(r.code).toBe(1);
    expect(linesWithId(r.stderr, 'input.outside-root').length).toBeGreaterThanOrEqual(2);
    const m = manifestOf(proj);
    expect(m.entries.map((e) => e.source)).toEqual(['runs/run.json']);
    expect(readFileSync(path.join(proj, EVIDENCE, 'manifest.json'), 'utf8')).not.toContain('PRIVATE');
  });

  it('a link inside the project to a file inside it is read', async () => {
    const { proj } = layout('  - glob: runs/*\n    role: log');
    symlinkSync(path.join(proj, 'runs', 'run.json'), path.join(proj, 'runs', 'alias.json'));
    const r = await cli(['collect'], proj);
    expect(r.code).toBe(0);
    // One file, one entry: the link and its target are the same input.
    expect(manifestOf(proj).entries).toHaveLength(1);
  });
});

describe('containment: layout (exit 2 with the reason)', () => {
  const cases: [string, string, RegExp][] = [
    ['evidenceDir: /', 'outDir: out', /evidenceDir \/ is the file system root/],
    ['evidenceDir: out/ev', 'outDir: /', /outDir \/ is the file system root/],
    ['evidenceDir: .', 'outDir: out', /evidenceDir \. is the project root/],
    ['evidenceDir: ../elsewhere', 'outDir: out', /outside the project root/],
    ['evidenceDir: out', 'outDir: out', /evidenceDir out is outDir out/],
    ['evidenceDir: docs', 'outDir: docs/rfcs', /evidenceDir docs contains outDir/],
    ['evidenceDir: runs/published', 'outDir: out', /lies inside the folder of input runs\/\*\.json/],
    ['evidenceDir: runs', 'outDir: out', /input runs\/\*\.json lies inside evidenceDir runs/],
  ];
  for (const [ev, out, message] of cases) {
    it(`${ev}, ${out}`, async () => {
      const { proj } = layout('  - glob: runs/*.json\n    role: log');
      const text = readFileSync(path.join(proj, 'rfc-evidence.yaml'), 'utf8').replace(/^outDir: .*$/m, out).replace(/^evidenceDir: .*$/m, ev);
      writeFileSync(path.join(proj, 'rfc-evidence.yaml'), text);
      const before = readdirSync(proj).sort();
      for (const command of ['collect', 'render', 'check']) {
        const r = await cli([command], proj);
        expect(r.code, command).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).toContain('[config.layout]');
      }
      expect(readdirSync(proj).sort()).toEqual(before);
    });
  }

  it('the project root is the git work tree: documents may go above the config folder', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, '.git'));
    writeTree(root, { 'evidence/ex/rfc-evidence.yaml': miniConfig('  - path: run.json\n    role: log').replace('outDir: out', 'outDir: ../../rfcs').replace(/evidenceDir: .*/, 'evidenceDir: ../../rfcs/evidence/x'), 'evidence/ex/run.json': latencyJson([0.4]) });
    const cfg = 'evidence/ex/rfc-evidence.yaml';
    expect((await cli(['collect', '--config', cfg], root)).code).toBe(0);
    expect((await cli(['render', '--config', cfg], root)).code).toBe(0);
    expect(readdirSync(path.join(root, 'rfcs')).filter((f) => f.endsWith('.md'))).toHaveLength(3);
  });
});

describe('containment: writes never follow a symbolic link', () => {
  it('a symlinked subfolder of evidenceDir: collect refuses (exit 2), nothing written outside', async () => {
    // Two input folders: copies keep them (env/ and runs/), so the env copy goes through the link.
    const { proj, outside } = layout('  - path: env/run.json\n    role: log\n  - path: runs/run.json\n    role: log');
    writeTree(proj, { 'env/run.json': latencyJson([0.5]) });
    mkdirSync(path.join(proj, EVIDENCE), { recursive: true });
    symlinkSync(outside, path.join(proj, EVIDENCE, 'env'));
    const r = await cli(['collect'], proj);
    expect(r.code).toBe(2);
    expect(linesWithId(r.stderr, 'containment.refused')).toHaveLength(1);
    expect(readdirSync(outside).sort()).toEqual(['keep.txt', 'secret.txt']);
  });

  it('a symlinked charts folder: render refuses (exit 2), nothing written outside', async () => {
    const { proj, outside } = layout('  - glob: runs/*.json\n    role: benchmark.formal');
    expect((await cli(['collect'], proj)).code).toBe(0);
    mkdirSync(path.join(proj, EVIDENCE), { recursive: true });
    symlinkSync(outside, path.join(proj, EVIDENCE, 'charts'));
    const r = await cli(['render'], proj);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(readdirSync(outside).sort()).toEqual(['keep.txt', 'secret.txt']);
    expect(readdirSync(path.join(proj, 'out')).filter((f) => f.endsWith('.md'))).toEqual([]);
  });

  it('a document that is a symbolic link is not written through', async () => {
    const { proj, outside } = layout('  - glob: runs/*.json\n    role: log');
    expect((await cli(['collect'], proj)).code).toBe(0);
    symlinkSync(path.join(outside, 'keep.txt'), path.join(proj, 'out', '20260102_pipeline_test_report_for_fastdeploy.md'));
    const r = await cli(['render'], proj);
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('do not delete\n');
  });
});

describe('containment: deletes', () => {
  it('a forged manifest entry plus a symlinked folder deletes nothing outside', async () => {
    const { proj, outside } = layout('  - glob: runs/*.json\n    role: log');
    expect((await cli(['collect'], proj)).code).toBe(0);
    const file = path.join(proj, EVIDENCE, 'manifest.json');
    const m = manifestOf(proj);
    const sha = m.entries[0]!.sha256;
    m.entries.push({ ...m.entries[0]!, id: 'link/keep', path: 'link/keep.txt', sha256: sha }, { ...m.entries[0]!, id: 'up', path: '../../../../outside/keep.txt', sha256: sha });
    writeFileSync(file, JSON.stringify(m, null, 2));
    symlinkSync(outside, path.join(proj, EVIDENCE, 'link'));
    const r = await cli(['collect'], proj);
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('do not delete\n');
  });

  it('a stale copy is removed only while its bytes match the recorded digest', async () => {
    const { proj } = layout('  - glob: runs/*.json\n    role: log');
    writeTree(proj, { 'runs/b.json': latencyJson([0.7]) });
    expect((await cli(['collect'], proj)).code).toBe(0);
    // Copies of runs/*.json are published without the folder every input shares.
    const copyA = path.join(proj, EVIDENCE, 'run.json');
    const copyB = path.join(proj, EVIDENCE, 'b.json');
    writeFileSync(copyA, 'edited by hand\n');
    writeFileSync(path.join(proj, 'rfc-evidence.yaml'), miniConfig('  - path: runs/other.json\n    role: log'));
    writeTree(proj, { 'runs/other.json': latencyJson([0.8]) });
    const r = await cli(['collect'], proj);
    expect(r.code).toBe(0);
    expect(existsSync(copyB)).toBe(false);
    expect(readFileSync(copyA, 'utf8')).toBe('edited by hand\n');
    expect(linesWithId(r.stderr, 'collect.stale-kept')).toHaveLength(1);
  });

  it('temporary files a killed run left are removed by the next collect and render', async () => {
    const { proj } = layout('  - glob: runs/*.json\n    role: log');
    expect((await cli(['collect'], proj)).code).toBe(0);
    const leftovers = [path.join(proj, EVIDENCE, '.run.json.0123456789ab.tmp'), path.join(proj, 'out', '.20260102_pipeline_test_report_for_fastdeploy.md.abcdefabcdef.tmp')];
    const mine = path.join(proj, EVIDENCE, '.notes.tmp');
    for (const f of [...leftovers, mine]) writeFileSync(f, 'partial');
    expect((await cli(['collect'], proj)).code).toBe(0);
    expect(existsSync(leftovers[0]!)).toBe(false);
    expect((await cli(['render'], proj)).code).toBe(0);
    expect(existsSync(leftovers[1]!)).toBe(false);
    expect(existsSync(mine)).toBe(true);
  });
});

describe('I/O errors are diagnostics (exit 2), never an internal error', () => {
  it('outDir that is a file', async () => {
    const { proj } = layout('  - glob: runs/*.json\n    role: log', '');
    const text = readFileSync(path.join(proj, 'rfc-evidence.yaml'), 'utf8').replace('outDir: out', 'outDir: docs').replace(/evidenceDir: .*/, 'evidenceDir: ev');
    writeFileSync(path.join(proj, 'rfc-evidence.yaml'), text);
    writeFileSync(path.join(proj, 'docs'), 'a file\n');
    expect((await cli(['collect'], proj)).code).toBe(0);
    const r = await cli(['render'], proj);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toMatch(/\[io\.e(notdir|exist)\]/);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only outDir', async () => {
    const { proj } = layout('  - glob: runs/*.json\n    role: log');
    expect((await cli(['collect'], proj)).code).toBe(0);
    chmodSync(path.join(proj, 'out'), 0o500);
    try {
      const r = await cli(['render'], proj);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[io.eacces]');
    } finally {
      chmodSync(path.join(proj, 'out'), 0o700);
    }
  });

  it('init onto a dangling symbolic link', async () => {
    const d = tempDir();
    symlinkSync(path.join(d, 'nowhere', 'x.yaml'), path.join(d, 'rfc-evidence.yaml'));
    const r = await cli(['init'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a symbolic link');
    expect(existsSync(path.join(d, 'nowhere'))).toBe(false);
  });
});

describe('containment: the hash cache and the patch notes file', () => {
  it('a .rfc-evidence-cache that links out of the project is neither read nor written', async () => {
    const { proj, outside } = layout('  - path: runs/run.json\n    role: benchmark.formal');
    const file = path.join(proj, 'runs', 'run.json');
    const st = statSync(file);
    // A forged cache outside: it claims the file's exact stat with a wrong digest.
    const forged = { format: 1, files: { '../runs/run.json': { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha256: '0'.repeat(64) } } };
    writeFileSync(path.join(outside, 'hashes.json'), JSON.stringify(forged));
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(path.join(outside, 'hashes.json'), future, future);
    symlinkSync(outside, path.join(proj, '.rfc-evidence-cache'));
    const cache = HashCache.forConfigDir(proj);
    expect((await cache.digest(file)).sha256).not.toBe('0'.repeat(64));
    rmSync(path.join(outside, 'hashes.json'));
    cache.save();
    expect(readdirSync(outside).sort()).toEqual(['keep.txt', 'secret.txt']);
    // check still works, and writes nothing through the link either.
    expect((await cli(['collect'], proj)).code).toBe(0);
    const r = await cli(['check'], proj);
    expect(r.stderr).not.toContain('internal error');
    expect(readdirSync(outside).sort()).toEqual(['keep.txt', 'secret.txt']);
  });

  it('a patchNotes file outside the project root, or linked out of it, is refused (exit 2) naming the key', async () => {
    for (const how of ['path', 'link'] as const) {
      const root = copyRepoExample();
      const config = path.join(root, stage1Config);
      const notes = path.join(path.dirname(config), 'patch-notes.yaml');
      const outsideNotes = path.join(root, '..', `notes-${how}.yaml`);
      writeFileSync(outsideNotes, readFileSync(notes));
      if (how === 'path') writeFileSync(config, readFileSync(config, 'utf8').replace('patchNotes: patch-notes.yaml', `patchNotes: ${path.relative(path.dirname(config), outsideNotes)}`));
      else {
        rmSync(notes);
        symlinkSync(outsideNotes, notes);
      }
      const r = await cli(['render', '--config', stage1Config], root);
      expect(r.code, how).toBe(2);
      expect(r.stderr, how).toMatch(/patchNotes .*outside the project root/);
      expect(r.stderr, how).not.toContain('internal error');
    }
  });
});

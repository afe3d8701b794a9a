import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { collect } from '../../src/evidence/collect.js';
import { sharedFolders } from '../../src/evidence/layout.js';
import { cli, latencyJson, listFiles, miniConfig, tempDir, writeTree } from '../pipeline/helpers.js';

async function layoutOf(inputs: string, files: Record<string, string>): Promise<Array<[string, string]>> {
  const d = tempDir();
  writeTree(d, { 'rfc-evidence.yaml': miniConfig(inputs), ...files });
  const { manifest } = await collect(loadConfig('rfc-evidence.yaml', d));
  return manifest.entries.map((e) => [e.source, e.path]);
}

describe('publishing layout', () => {
  it("drops the folders every input shares: the contributor's raw/ tree does not reach the copies", async () => {
    const paths = await layoutOf(
      ['  - glob: raw/bench/*/result.json', '    role: benchmark.matrix', '  - path: raw/gpu/gpu_S1_single_image.jsonl', '    role: profiling.gpu'].join('\n'),
      {
        'raw/bench/block_num_1/result.json': latencyJson([0.4]),
        'raw/bench/block_num_2/result.json': latencyJson([0.5]),
        'raw/gpu/gpu_S1_single_image.jsonl': '{"t": 0, "gpu": 0, "util_pct": 50, "mem_used_mib": 100}\n',
      },
    );
    expect(paths).toEqual([
      ['raw/bench/block_num_1/result.json', 'bench/block_num_1/result.json'],
      ['raw/bench/block_num_2/result.json', 'bench/block_num_2/result.json'],
      ['raw/gpu/gpu_S1_single_image.jsonl', 'gpu/gpu_S1_single_image.jsonl'],
    ]);
  });

  it('takes the shared folders from the config, so ids do not move when a glob matches more or fewer files', async () => {
    const inputs = '  - glob: raw/bench/*/result.json\n    role: benchmark.matrix';
    const one = await layoutOf(inputs, { 'raw/bench/a/result.json': latencyJson([0.4]) });
    const two = await layoutOf(inputs, { 'raw/bench/a/result.json': latencyJson([0.4]), 'raw/bench/b/result.json': latencyJson([0.5]) });
    expect(one).toEqual([['raw/bench/a/result.json', 'a/result.json']]);
    expect(two[0]).toEqual(one[0]);
  });

  it('never lets a copy take the manifest files or the charts folder', async () => {
    const paths = await layoutOf(['  - path: raw/manifest.json', '    role: note', '  - path: raw/charts/x.json', '    role: note'].join('\n'), {
      'raw/manifest.json': '{"a": 1}\n',
      'raw/charts/x.json': '{"b": 2}\n',
    });
    expect(paths.map(([, p]) => p).sort()).toEqual(['note/charts/x.json', 'note/manifest.json']);
  });

  it('shared folders: a path gives its folder, a glob its fixed leading folders; inputs outside the config folder do not count', () => {
    const d = tempDir();
    const config = (inputs: string) => {
      writeFileSync(path.join(d, 'rfc-evidence.yaml'), miniConfig(inputs));
      return loadConfig('rfc-evidence.yaml', d);
    };
    writeTree(d, { 'a/b/c.json': '{}\n', 'a/b/d/e.json': '{}\n' });
    expect(sharedFolders(config('  - path: a/b/c.json\n  - glob: a/b/d/*.json'))).toEqual(['a', 'b']);
    expect(sharedFolders(config('  - path: a/b/c.json\n  - glob: a/*/d/*.json'))).toEqual(['a']);
    expect(sharedFolders(config('  - glob: a/b/**/*.json\n  - path: ../x.json'))).toEqual(['a', 'b']);
  });
});


describe('publishing layout through render and check', () => {
  it("no document, link or chart name carries the raw folder; source-changed still finds the sources", async () => {
    const d = tempDir();
    writeTree(d, {
      'rfc-evidence.yaml': miniConfig(['  - path: raw/bench/formal.json', '    role: benchmark.formal', '  - path: raw/gpu/gpu_S1_single_image.jsonl', '    role: profiling.gpu'].join('\n')),
      'raw/bench/formal.json': latencyJson([0.4, 0.5, 0.45, 0.41]),
      'raw/gpu/gpu_S1_single_image.jsonl': ['{"t": 0, "gpu": 0, "util_pct": 50, "mem_used_mib": 100}', '{"t": 1, "gpu": 0, "util_pct": 70, "mem_used_mib": 120}', ''].join('\n'),
    });
    for (const command of ['collect', 'render']) expect((await cli([command], d)).code).toBe(0);
    const published = listFiles(path.join(d, 'out'));
    expect(published.some((f) => f.includes('/charts/'))).toBe(true);
    expect(published.filter((f) => f.includes('raw'))).toEqual([]);
    for (const f of published.filter((x) => x.endsWith('.md'))) expect(readFileSync(path.join(d, 'out', f), 'utf8')).not.toMatch(/raw\//);
    expect((await cli(['check'], d)).stdout).not.toContain('source-changed');
    writeFileSync(path.join(d, 'raw/bench/formal.json'), latencyJson([0.4, 0.5, 0.45, 0.42]));
    const check = await cli(['check'], d);
    expect(check.stdout).toContain('source-changed.modified');
    expect(check.stdout).toContain('expected source raw/bench/formal.json');
  });
});

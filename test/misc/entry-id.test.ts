import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseId, duplicateIds, entryIds } from '../../src/evidence/entry-id.js';

describe('entry ids', () => {
  it('drops a file extension, never a numeric suffix', () => {
    expect(baseId('formal/benchmark_formal.json')).toBe('formal/benchmark_formal');
    expect(baseId('service/log/workerlog.0')).toBe('service/log/workerlog.0');
    expect(baseId('profiling/trace.json.gz')).toBe('profiling/trace.json');
    expect(baseId('notes/.env')).toBe('notes/.env');
    expect(baseId('README')).toBe('README');
  });

  it('keeps the extension of exactly the copies that would collide', () => {
    expect(entryIds(['a/x.csv', 'a/x.json', 'a/y.log', 'b/x.csv'])).toEqual(['a/x.csv', 'a/x.json', 'a/y', 'b/x']);
    expect(entryIds(['x.csv', 'x.json', 'x.csv.txt'])).toEqual(['x.csv', 'x.json', 'x.csv.txt']);
  });

  it('unique for any set of distinct paths, and independent of their order', () => {
    const segment = fc.constantFrom('x', 'y', 'workerlog', 'run', 'a.b');
    const ext = fc.constantFrom('', '.json', '.csv', '.0', '.1', '.json.gz', '.txt');
    const paths = fc.uniqueArray(fc.tuple(fc.constantFrom('', 'log/', 'bench/'), segment, ext).map(([d, s, e]) => `${d}${s}${e}`), { maxLength: 12 });
    fc.assert(
      fc.property(paths, fc.integer(), (ps, seed) => {
        const ids = entryIds(ps);
        expect(new Set(ids).size).toBe(ps.length);
        const shuffled = [...ps].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (a < b ? -1 : 1));
        const again = new Map(shuffled.map((p, i) => [p, entryIds(shuffled)[i]]));
        ps.forEach((p, i) => expect(again.get(p)).toBe(ids[i]));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('finds ids shared by several entries, with their paths', () => {
    expect(duplicateIds([{ id: 'x', path: 'x.csv' }, { id: 'y', path: 'y.log' }, { id: 'x', path: 'x.json' }])).toEqual([{ id: 'x', indices: [0, 2], paths: ['x.csv', 'x.json'] }]);
  });
});

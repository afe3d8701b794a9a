import { describe, expect, it } from 'vitest';
import { describeSamples } from '../../src/stats/descriptive.js';
import { buildMatrix, compareParamValues, type MatrixRun, type ParamValue } from '../../src/stats/matrix.js';
import { coldStartMs } from './samples.js';

function run(id: string, seqs: number, len: number, requestsPerS: number, samples: number[]): MatrixRun {
  return { id, params: { max_num_seqs: seqs, max_model_len: len, backend: 'fastdeploy', concurrency: 1 }, e2el: describeSamples(samples), requestsPerS };
}

// 10 sequential requests per cell; s8-16k has the 8 s cold start.
const runs: MatrixRun[] = [
  run('s8-16k', 8, 16384, 0.412, coldStartMs),
  run('s4-8k', 4, 8192, 0.621, [1602, 1598, 1610, 1595, 1605, 1600, 1607, 1593, 1601, 1604]),
  run('s8-8k', 8, 8192, 0.67, [1481, 1476, 1490, 1470, 1485, 1479, 1494, 1472, 1483, 1488]),
  run('s4-16k', 4, 16384, 0.666, [1452, 1447, 1458, 1441, 1455, 1449, 1460, 1444, 1451, 1456]),
];

describe('buildMatrix', () => {
  const m = buildMatrix(runs);

  it('finds the two varying parameters and the fixed ones', () => {
    expect(m.varying).toEqual(['max_num_seqs', 'max_model_len']);
    expect(m.fixed).toEqual({ backend: 'fastdeploy', concurrency: 1 });
  });

  it('sorts cells by parameter values and lays out the grid', () => {
    expect(m.cells.map((c) => c.id)).toEqual(['s4-8k', 's4-16k', 's8-8k', 's8-16k']);
    expect(m.rows).toEqual({ param: 'max_num_seqs', values: [4, 8] });
    expect(m.cols).toEqual({ param: 'max_model_len', values: [8192, 16384] });
    expect(m.grid).toEqual([
      [['s4-8k'], ['s4-16k']],
      [['s8-8k'], ['s8-16k']],
    ]);
    expect(m.cells[0]!.params).toEqual({ max_num_seqs: 4, max_model_len: 8192 });
    expect(m.cells[0]!.e2el).not.toHaveProperty('samples');
  });

  it('best: 0.666 req/s is within 1% of 0.67 and has the lower p95', () => {
    expect(m.best).toBe('s4-16k');
  });

  it('flags the cold-start cell by the tail rule and the outlier', () => {
    expect(m.anomalous).toEqual(['s8-16k']);
    const cell = m.cells.find((c) => c.id === 's8-16k')!;
    // np.percentile(coldStartMs, [50, 95]) = 1505.0, 5156.459999999993.
    expect(cell.tail).toMatchObject({ p50: 1505, anomalous: true });
    expect(cell.tail.p95).toBeCloseTo(5156.459999999993, 9);
    expect(cell.outliers).toEqual([expect.objectContaining({ index: 0, value: 8123.4 })]);
    expect(cell.coldStart).toMatchObject({ index: 0, valueMs: 8123.4 });
    expect(m.cells.filter((c) => c.id !== 's8-16k').every((c) => !c.anomalous && c.outliers!.length === 0 && c.coldStart === null)).toBe(true);
  });

  it('a fast outlier is listed but does not make a cell anomalous; a slow one does', () => {
    // One request far below (1300) or far above (1900) nine that sit within 1593..1610.
    const base = [1602, 1598, 1610, 1595, 1605, 1600, 1607, 1593, 1601];
    const m2 = buildMatrix([run('fast', 4, 8192, 0.6, [...base, 1300]), run('slow', 8, 8192, 0.6, [...base, 1900])]);
    const fast = m2.cells.find((c) => c.id === 'fast')!;
    expect(fast.outliers).toEqual([expect.objectContaining({ index: 9, value: 1300 })]);
    expect(fast.anomalous).toBe(false);
    expect(m2.anomalous).toEqual(['slow']);
  });

  it('without samples, only the tail rule can flag a cell', () => {
    const { samples: _drop, ...stated } = runs[0]!.e2el;
    const m2 = buildMatrix([{ ...runs[0]!, e2el: stated }, runs[1]!]);
    expect(m2.cells.find((c) => c.id === 's8-16k')).toMatchObject({ outliers: null, coldStart: null, anomalous: true });
  });

  it('breaks a full tie by parameter values', () => {
    const same = [1500, 1510, 1490, 1505, 1495];
    const m2 = buildMatrix([run('b', 8, 8192, 1, same), run('a', 4, 16384, 1, same)]);
    expect(m2.best).toBe('a');
  });

  it('takes an axis order override and checks it', () => {
    const m2 = buildMatrix(runs, { rows: 'max_model_len' });
    expect(m2.varying).toEqual(['max_model_len', 'max_num_seqs']);
    expect(m2.cells.map((c) => c.id)).toEqual(['s4-8k', 's8-8k', 's4-16k', 's8-16k']);
    expect(() => buildMatrix(runs, { rows: 'backend' })).toThrow(/not a varying parameter; varying: max_num_seqs, max_model_len/);
  });

  it('lists cells without a grid when one parameter varies, and groups duplicates', () => {
    const one = buildMatrix(runs.filter((r) => r.params.max_model_len === 8192));
    expect(one).toMatchObject({ varying: ['max_num_seqs'], best: 's8-8k' });
    expect(one.grid).toBeUndefined();
    const dup = buildMatrix([...runs, { ...runs[1]!, id: 's4-8k-again' }]);
    expect(dup.grid![0]![0]).toEqual(['s4-8k', 's4-8k-again']);
    expect(buildMatrix([])).toEqual({ varying: [], fixed: {}, cells: [], best: null, anomalous: [] });
  });

  it('never names a best of one run, nor a run where every request failed', () => {
    expect(buildMatrix([runs[0]!]).best).toBeNull();
    const failed = { ...runs[1]!, id: 'failed', e2el: {}, requestsPerS: 0 };
    expect(buildMatrix([runs[0]!, failed]).best).toBeNull();
    expect(buildMatrix([runs[0]!, runs[1]!, failed]).best).not.toBe('failed');
  });
});

describe('compareParamValues', () => {
  it('sorts numbers and numeric strings numerically, then by type', () => {
    const values: ParamValue[] = ['16384', 'auto', 8192, true, null, '512', 2048, false];
    expect([...values].sort(compareParamValues)).toEqual([null, false, true, '512', 2048, 8192, '16384', 'auto']);
    expect(compareParamValues(8, '8')).toBeLessThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../src/util/csv-line.js';

describe('splitCsvLine', () => {
  it('keeps commas and doubled quotes inside quoted values, with columns', () => {
    expect(splitCsvLine('"a, b",2, "say ""hi""" ,x')).toEqual({
      ok: true,
      cells: [
        { value: 'a, b', column: 1 },
        { value: '2', column: 8 },
        { value: 'say "hi"', column: 11 },
        { value: 'x', column: 25 },
      ],
    });
  });

  it('trims unquoted values and keeps empty ones', () => {
    expect(splitCsvLine(' 1 , ,3,')).toEqual({ ok: true, cells: [{ value: '1', column: 2 }, { value: '', column: 6 }, { value: '3', column: 7 }, { value: '', column: 9 }] });
  });

  it('reports an unterminated quote and text after a closing quote', () => {
    expect(splitCsvLine('x,"abc')).toMatchObject({ ok: false, column: 3 });
    expect(splitCsvLine('"abc"d,1')).toMatchObject({ ok: false, column: 6 });
  });
});

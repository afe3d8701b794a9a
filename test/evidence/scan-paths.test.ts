/**
 * scan's prefix tests for absolute, normalised paths (within, below) agree with the general
 * isInside and relativePosix, including names that share a prefix (`/a/b` and `/a/bc`) and
 * names made of dots (isInside takes a first folder named `..x` for a way out; so do they).
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { below, within } from '../../src/evidence/scan.js';
import { isInside, relativePosix } from '../../src/util/fs.js';

const segment = fc.constantFrom('a', 'b', 'ab', 'a b', '..a', 'a..', '.x', 'é', 'bc', 'a.b');
const absolute = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => path.resolve('/', ...parts));

describe('within and below', () => {
  it('agree with isInside and relativePosix on normalised absolute paths', () => {
    fc.assert(
      fc.property(absolute, fc.array(segment, { maxLength: 3 }), absolute, (parent, rest, other) => {
        for (const child of [path.join(parent, ...rest), other, parent + 'c', parent]) {
          expect(within(parent, child)).toBe(isInside(parent, child));
          if (within(parent, child)) expect(below(parent, child)).toBe(relativePosix(parent, child));
        }
      }),
      { numRuns: 500 },
    );
  });
});

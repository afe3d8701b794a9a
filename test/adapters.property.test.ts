/** Nothing throws past an adapter: random and mutated text gives a record or diagnostics. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adapters } from '../src/adapters/registry.js';
import { artifactFromText } from '../src/evidence/artifact.js';

const all = await adapters();
const root = path.join(import.meta.dirname, 'fixtures', 'adapters');

/** One ok fixture per adapter, as the seed for mutations. */
function seed(id: string): { name: string; text: string } | undefined {
  const dir = path.join(root, id, 'ok');
  if (!existsSync(dir)) return undefined;
  const f = readdirSync(dir).filter((x) => !x.endsWith('.expected.json')).sort()[0];
  if (!f) return undefined;
  const text = readFileSync(path.join(dir, f), 'latin1');
  return { name: f, text: text.length > 20_000 ? text.slice(0, 20_000) : text };
}

describe.each(all.map((a) => [a.id, a] as const))('adapter %s never throws', (id, adapter) => {
  it('on random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400, unit: 'binary' }), async (text) => {
        const r = await adapter.parse(artifactFromText('random.txt', text));
        expect(Array.isArray(r.diagnostics)).toBe(true);
        expect(r.record !== undefined || r.diagnostics.length > 0).toBe(true);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  const s = seed(id);
  it.runIf(s !== undefined)('on mutations of an ok fixture', async () => {
    const base = s!;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: Math.max(0, base.text.length - 1) }),
        fc.nat({ max: 200 }),
        fc.string({ maxLength: 20 }),
        async (at, cut, insert) => {
          const text = base.text.slice(0, at) + insert + base.text.slice(Math.min(base.text.length, at + cut));
          const r = await adapter.parse(artifactFromText(base.name, text));
          expect(r.record !== undefined || r.diagnostics.length > 0).toBe(true);
        },
      ),
      { numRuns: 80, seed: 7 },
    );
  });
});

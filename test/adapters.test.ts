/**
 * Fixture-driven adapter tests. For every adapter id there is a folder
 * `test/fixtures/adapters/<id>/` with
 *   ok/<input>   and ok/<input>.expected.json   = {"record": <the exact normalized record>}
 *   bad/<input>  and bad/<input>.expected.json  = {"diagnostics": [<subset of each expected diagnostic>]}
 * ok inputs must be detected as this adapter (unless the expectation says "forced": true), parse
 * without errors, equal the expected record and validate against the kind's schema. bad inputs
 * must produce each expected diagnostic (matched by the fields given: id, line, column, pointer,
 * and `messageIncludes`). Set UPDATE_FIXTURES=1 to write missing ok expectations (review them!).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapters, chooseAdapter } from '../src/adapters/registry.js';
import { openArtifact } from '../src/evidence/artifact.js';
import { kindOf } from '../src/kinds/registry.js';
import { validate } from '../src/schemas/validate.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';

const root = path.join(import.meta.dirname, 'fixtures', 'adapters');
const all = await adapters();

function inputs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.expected.json'))
    .sort();
}

describe.each(all.map((a) => [a.id, a] as const))('adapter %s', (id, adapter) => {
  const dir = path.join(root, id);
  const ok = inputs(path.join(dir, 'ok'));
  const bad = inputs(path.join(dir, 'bad'));

  it('has ok and bad fixtures', () => {
    expect(ok.length, `${dir}/ok`).toBeGreaterThan(0);
    expect(bad.length, `${dir}/bad`).toBeGreaterThan(0);
  });

  it.each(ok)('ok/%s', async (file) => {
    const p = path.join(dir, 'ok', file);
    const expectedPath = `${p}.expected.json`;
    const input = await openArtifact(p, `ok/${file}`);
    const expectation = existsSync(expectedPath) ? (JSON.parse(readFileSync(expectedPath, 'utf8')) as { record: unknown; forced?: boolean }) : undefined;
    if (!expectation?.forced) expect((await chooseAdapter(input))?.id, 'detected adapter').toBe(id);
    const result = await adapter.parse(input);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.record).toBeDefined();
    const k = await kindOf(result.record!);
    expect(validate(k.schema, result.record, file)).toEqual([]);
    if (!expectation) {
      if (process.env.UPDATE_FIXTURES) writeFileSync(expectedPath, JSON.stringify({ record: result.record }, null, 2) + '\n');
      throw new Error(`missing ${expectedPath}`);
    }
    expect(result.record).toEqual(expectation.record);
  });

  it.each(bad)('bad/%s', async (file) => {
    const p = path.join(dir, 'bad', file);
    const expected = JSON.parse(readFileSync(`${p}.expected.json`, 'utf8')) as {
      diagnostics: (Partial<Diagnostic> & { messageIncludes?: string })[];
    };
    const result = await adapter.parse(await openArtifact(p, `bad/${file}`));
    expect(expected.diagnostics.length).toBeGreaterThan(0);
    for (const want of expected.diagnostics) {
      const { messageIncludes, ...fields } = want;
      const match = result.diagnostics.find(
        (d) => Object.entries(fields).every(([k, v]) => (d as unknown as Record<string, unknown>)[k] === v) && (!messageIncludes || d.message.includes(messageIncludes)),
      );
      expect(match, `expected ${JSON.stringify(want)} among ${JSON.stringify(result.diagnostics, null, 1)}`).toBeDefined();
      expect(match!.file).toBe(`bad/${file}`);
    }
  });
});

/** Nothing throws past an adapter: random, mutated and adversarial input gives a record or diagnostics, in bounded time. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { adapters } from '../src/adapters/registry.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { artifactFromText, openArtifact } from '../src/evidence/artifact.js';
import { parseArtifact } from '../src/evidence/parse-file.js';

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

/**
 * Adversarial inputs: long lines, deep nesting, other encodings, a gzip bomb. Every adapter
 * answers each within BUDGET_MS without throwing, and every error it reports names the file and a
 * position (line or JSON pointer) or says it concerns the whole file.
 */
const MB = 1 << 20;
/**
 * Not a speed test (that is `npm run bench`): a guard against work that explodes on hostile input
 * (quadratic scans, unbounded inflation), which takes minutes, not seconds. Each case takes well
 * under 1 s alone; the margin absorbs a machine busy with other jobs.
 */
const BUDGET_MS = 10_000;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'rfc-evidence-adversarial-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function adversarialTexts(base: string): [string, string][] {
  return [
    ['dashes then 1 MiB of spaces', `--- ${' '.repeat(MB)}x\n`],
    ['1 MiB line of a', `${'a'.repeat(MB)}\n`],
    ['1 MiB of separators', `${','.repeat(MB / 2)}\n${'|'.repeat(MB / 2)}\n`],
    ['deep arrays', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['deep objects, unclosed', '{"a":'.repeat(100_000)],
    ['ok fixture with a 1 MiB line inside', base.replace('\n', `\n${'x='.repeat(MB / 2)}\n`)],
    ['NUL bytes', base.replace(/\n/g, '\n\0')],
  ];
}

function files(name: string, base: string): [string, string][] {
  const write = (file: string, data: Buffer) => {
    const p = path.join(scratch, `${Math.random().toString(36).slice(2)}-${file}`);
    writeFileSync(p, data);
    return p;
  };
  return [
    ['UTF-16LE with BOM', write(name, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base, 'utf16le')]))],
    ['latin-1', write(name, Buffer.from(`${base}# café\n`, 'latin1'))],
    ['gzip bomb (40 MiB, no line break)', write(`${name}.gz`, gzipSync(Buffer.alloc(40 * MB, 0x61), { level: 9 }))],
    ['gzip of JSON whitespace', write(`${name}.gz`, gzipSync(Buffer.from(`{"traceEvents":[${' '.repeat(20 * MB)}`), { level: 9 }))],
  ];
}

/** An error about the input that names neither a position nor the whole file. */
function unplaced(d: Diagnostic): boolean {
  return d.severity === 'error' && (d.file === undefined || (d.line === undefined && d.pointer === undefined && !WHOLE_FILE.test(d.message)));
}
/** Messages about the file as a whole (empty, nothing recognised, the end): no finer position exists. */
const WHOLE_FILE = /\b(?:file|input|end|empty|no |nothing|found none|none found|not found|missing|longer than|more than)\b/i;

describe.each(all.map((a) => [a.id, a] as const))('adapter %s on adversarial inputs', (id, adapter) => {
  const base = seed(id)?.text ?? 'x\n';
  const name = seed(id)?.name ?? 'input.txt';
  it.each(adversarialTexts(base))('%s', async (_what, text) => {
    const t = performance.now();
    const r = await adapter.parse(artifactFromText(name, text));
    expect(performance.now() - t).toBeLessThan(BUDGET_MS);
    expect(r.record !== undefined || r.diagnostics.length > 0).toBe(true);
    expect(r.diagnostics.filter(unplaced)).toEqual([]);
  });
  it.each(files(name, base))('%s', async (_what, file) => {
    const t = performance.now();
    const r = await parseArtifact(await openArtifact(file, path.basename(file)), id);
    expect(performance.now() - t).toBeLessThan(BUDGET_MS);
    expect(r.diagnostics.filter((d) => d.id === 'adapter.crash')).toEqual([]);
    expect(r.diagnostics.filter(unplaced)).toEqual([]);
  });
  it('random mixes of long runs and nesting', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('-', ' ', '=', '[', '{"k":', '"', ',', '\n', 'a', '#', '|', '\\'), fc.integer({ min: 1, max: 20_000 })), { maxLength: 6 }), async (runs) => {
        const text = runs.map(([u, n]) => u.repeat(n)).join('');
        const t = performance.now();
        const r = await adapter.parse(artifactFromText(name, text));
        expect(performance.now() - t).toBeLessThan(BUDGET_MS);
        expect(r.record !== undefined || r.diagnostics.length > 0).toBe(true);
      }),
      { numRuns: 6, seed: 12 },
    );
  });
});

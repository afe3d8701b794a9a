/** The decode stage: a file saved as UTF-16 or latin-1 is detected and parsed like its UTF-8 original. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArtifact } from '../../src/evidence/artifact.js';
import { parseArtifact } from '../../src/evidence/parse-file.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'adapters');
const dir = mkdtempSync(path.join(os.tmpdir(), 'rfc-evidence-encodings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const swap = (b: Buffer) => Buffer.from(b).swap16();
const ENCODINGS: [string, (text: string) => Buffer][] = [
  ['UTF-16LE with BOM', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ['UTF-16LE without BOM', (t) => Buffer.from(t, 'utf16le')],
  ['UTF-16BE with BOM', (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), swap(Buffer.from(t, 'utf16le'))])],
];

async function parse(file: string) {
  const r = await parseArtifact(await openArtifact(file, path.basename(file)));
  return { adapter: r.adapter, record: r.record, diagnostics: r.diagnostics.map((d) => d.id) };
}

describe.each([
  ['fastdeploy-log', 'ok/fastdeploy.log'],
  ['request-latencies-csv', 'ok/formal_l20_latencies.csv'],
  ['request-latencies-json', 'ok/formal_metax_c500.json'],
  ['environment', 'ok/env_metax_c500.txt'],
])('%s', (id, rel) => {
  const original = path.join(fixtures, id, rel);
  const text = readFileSync(original, 'utf8');
  it.each(ENCODINGS)('%s', async (name, encode) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '_')}-${path.basename(rel)}`);
    writeFileSync(file, encode(text));
    expect(await parse(file)).toEqual(await parse(original));
  });
  it.runIf(/^[\x00-\xff]*$/.test(text))('latin-1', async () => {
    const file = path.join(dir, `latin1-${path.basename(rel)}`);
    writeFileSync(file, Buffer.from(text, 'latin1'));
    expect(await parse(file)).toEqual(await parse(original));
  });
});

it('a latin-1 log with accents is read as text', async () => {
  const file = path.join(dir, 'run.log');
  writeFileSync(file, Buffer.from('INFO démarrage du serveur\nERROR échec: port déjà utilisé\n', 'latin1'));
  const input = await openArtifact(file, 'run.log');
  expect(input.head).toContain('démarrage');
  expect(await input.text()).toContain('déjà');
});

it.each([
  ['whose first 64 KiB end inside a character', `${'x'.repeat(64 * 1024 - 1)}运行记录\n`],
  ['that ends in a CJK line', '# 阶段一运行记录\n'],
])('a UTF-8 file %s stays UTF-8', async (_what, text) => {
  const file = path.join(dir, 'notes.md');
  writeFileSync(file, text);
  const input = await openArtifact(file, 'notes.md');
  expect(await input.text()).toBe(text);
});

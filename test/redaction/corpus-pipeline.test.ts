/**
 * The secrets corpus through the whole pipeline: embedded in an ok fixture of every adapter (as
 * lines, JSON fields, CSV parameters and cells, log messages, OCR text, trace event names), in
 * other encodings (latin-1, UTF-16 with and without BOM, NUL bytes, gzip), then collected and
 * rendered. No secret may be left in any copy, in manifest.json, in a document or in a chart,
 * and check must find nothing to report (the masked values are recognised as masked).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyText } from '../../src/evidence/publish-copy.js';
import type { Manifest } from '../../src/evidence/manifest.js';
import { cli, linesWithId, miniConfig, tempDir, type CliResult } from '../pipeline/helpers.js';
import { CORPUS, corpusLines } from './corpus.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'adapters');
const EVIDENCE = 'out/evidence/20260102_pipeline_test';
const lines = corpusLines();
/**
 * Corpus lines usable as one CSV cell or one name (no separator, no quote). A bare value with no
 * context (`hunter2`) cannot be told from a kernel name; these carry their context, as cells do.
 */
const cells = lines.filter((l) => !/[,"]/.test(l));

/** The first ok fixture of an adapter with the corpus embedded where that format carries text. */
function embedded(id: string): { name: string; content: Buffer } | undefined {
  const dir = path.join(fixtures, id, 'ok');
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).filter((f) => !f.endsWith('.expected.json') && !f.endsWith('.gz')).sort()[0];
  if (!name) return undefined;
  const text = readFileSync(path.join(dir, name), 'utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      value['notes'] = lines;
      if (typeof value['params'] === 'object' && value['params'] !== null) Object.assign(value['params'] as object, Object.fromEntries(lines.map((l, i) => [`s${i}`, l])));
      return { name, content: Buffer.from(JSON.stringify(value, null, 2)) };
    } catch {
      // not one JSON document: treated as lines below
    }
  }
  const [first, ...rest] = text.split('\n');
  return { name, content: Buffer.from([first, ...lines, ...rest].join('\n')) };
}

/** Inputs aimed at the record fields: parameters, cells quoted by diagnostics, messages, OCR text, kernel names. */
function targeted(): Record<string, string | Buffer> {
  const header = 'i,latency_s,ok,status';
  const utf8 = `note\n${CORPUS.map((c) => c.line).join('\n')}\n`;
  return {
    'targeted/params.csv': [...lines.map((l, i) => `# s${i}=${l}`), header, '0,0.641,true,200', '1,0.702,true,200', ''].join('\n'),
    'targeted/cells.csv': [header, ...cells.map((c, i) => `${i},${c},true,200`), ''].join('\n'),
    'targeted/formal.json': JSON.stringify({ name: lines[0], params: Object.fromEntries(lines.map((l, i) => [`s${i}`, l])), requests: [{ i: 0, latency_s: 0.5, ok: true, status: 200, error: lines[1] }] }, null, 2),
    'targeted/fastdeploy.log': lines.map((l, i) => `ERROR    2026-04-21 15:30:${String(10 + (i % 50)).padStart(2, '0')},001 17655 api_server.py[line:${i + 1}] ${l}`).join('\n') + '\n',
    'targeted/response.json': JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1776837665, model: 'PaddlePaddle/PaddleOCR-VL', choices: [{ index: 0, message: { role: 'assistant', content: lines.join('\n') }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } }),
    'targeted/kernels.csv': ['Kernel,Calls,Total(ms),Avg(us),%GPU', ...cells.slice(0, 20).map((c, i) => `"${c}",${i + 1},${(i + 1) * 1.5},${1500},${(100 / 20).toFixed(2)}`), ''].join('\n'),
    'targeted/trace.json': JSON.stringify({ traceEvents: cells.slice(0, 20).map((c, i) => ({ name: c, ph: 'X', cat: 'Kernel', ts: i * 10, dur: 5, pid: 0, tid: 7 })) }),
    'targeted/notes.md': utf8,
    'targeted/latin1.log': Buffer.from(`café résumé\n${utf8}`, 'latin1'),
    'targeted/utf16.log': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, 'utf16le')]),
    'targeted/utf16-nobom.log': Buffer.from(utf8, 'utf16le'),
    'targeted/nul.log': Buffer.from(utf8.replace(/\n/g, '\n\0')),
    'targeted/notes.log.gz': gzipSync(Buffer.from(utf8)),
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

let proj = '';
let collected: CliResult;
let rendered: CliResult;
let adaptersUsed: string[] = [];

beforeAll(async () => {
  proj = tempDir();
  mkdirSync(path.join(proj, '.git'));
  const files: Record<string, string | Buffer> = targeted();
  for (const id of readdirSync(fixtures).sort()) {
    const e = embedded(id);
    if (e) files[`formats/${id}/${e.name}`] = e.content;
  }
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(proj, rel)), { recursive: true });
    writeFileSync(path.join(proj, rel), content);
  }
  writeFileSync(path.join(proj, 'rfc-evidence.yaml'), miniConfig('  - glob: targeted/*\n    role: log\n  - glob: formats/**/*\n    role: other'));
  collected = await cli(['collect'], proj);
  rendered = await cli(['render'], proj);
  const m = JSON.parse(readFileSync(path.join(proj, EVIDENCE, 'manifest.json'), 'utf8')) as Manifest;
  adaptersUsed = [...new Set(m.entries.map((e) => e.adapter ?? ''))];
}, 120_000);

describe('the secrets corpus through collect and render', () => {
  it('collect and render succeed', () => {
    expect(collected.stderr).not.toContain('internal error');
    expect([0, 1]).toContain(collected.code);
    expect(rendered.code, rendered.stderr).toBe(0);
    // Most adapters read their own embedded fixture (a few strict formats refuse it: still copied and redacted).
    expect(adaptersUsed.length).toBeGreaterThanOrEqual(20);
  });

  it('no secret in any copy, manifest.json, document or chart', () => {
    const leaks: string[] = [];
    const published = [...walk(path.join(proj, 'out'))];
    expect(published.length).toBeGreaterThan(40);
    for (const file of published) {
      const text = copyText(readFileSync(file)) ?? readFileSync(file, 'latin1');
      for (const c of CORPUS) if (text.includes(c.secret)) leaks.push(`${path.relative(proj, file)}: ${c.family} ${c.secret}`);
    }
    expect(leaks).toEqual([]);
  });

  it('copies of other encodings are decoded, redacted and published as UTF-8', () => {
    const m = JSON.parse(readFileSync(path.join(proj, EVIDENCE, 'manifest.json'), 'utf8')) as Manifest;
    const byId = new Map(m.entries.map((e) => [e.id, e]));
    expect(byId.get('targeted/latin1')?.encoding).toBe('latin1');
    expect(byId.get('targeted/utf16')?.encoding).toBe('utf-16le');
    expect(byId.get('targeted/utf16-nobom')?.encoding).toBe('utf-16le');
    expect(readFileSync(path.join(proj, EVIDENCE, 'targeted/latin1.log'), 'utf8')).toContain('café résumé');
    for (const id of ['targeted/latin1', 'targeted/utf16', 'targeted/nul', 'targeted/notes.log', 'targeted/params']) {
      const counts = byId.get(id)?.redactions ?? {};
      expect(Object.values(counts).reduce((a, b) => a + b, 0), id).toBeGreaterThanOrEqual(CORPUS.length - 2);
    }
  });

  it('check finds no secret: masked values are recognised as masked', async () => {
    const r = await cli(['check'], proj);
    const found = linesWithId(r.stdout + r.stderr, 'secrets.found').map((l) => {
      const [, file, line, col] = /^\s*(\S+?):(\d+):(\d+):/.exec(l) ?? [];
      return file ? `${l} <<${readFileSync(path.join(proj, file), 'utf8').split('\n')[Number(line) - 1]!.slice(Math.max(0, Number(col) - 80), Number(col) + 60)}>>` : l;
    });
    expect(found).toEqual([]);
  });
});

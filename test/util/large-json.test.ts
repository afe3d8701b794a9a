/**
 * A FastDeploy result file over 64 MiB is streamed: its generated texts are dropped while
 * reading, and the record equals the one from the same file without the bulk.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { adapterById } from '../../src/adapters/registry.js';
import { openArtifact, STREAM_JSON_BYTES } from '../../src/evidence/artifact.js';

const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'adapters', 'fastdeploy-benchmark-json', 'ok', 'openai-chat-2.0qps-PaddleOCR-VL-20260418-093317.json');
const dir = mkdtempSync(path.join(os.tmpdir(), 'rfc-evidence-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('streams a 66 MiB --save-result file and gives the same record as the small one', async () => {
  const doc = JSON.parse(readFileSync(fixture, 'utf8')) as { generated_texts: string[] };
  const n = doc.generated_texts.length;
  // Long OCR outputs: about 66 MiB of text in all.
  const page = '发票代码：044031900111 金额：¥ 4,716.98 税率：6% "引号" \\ 反斜杠\n'.repeat(40);
  const each = Math.ceil((66 * 1024 * 1024) / n / Buffer.byteLength(page));
  const big = { ...doc, generated_texts: doc.generated_texts.map(() => page.repeat(each)) };
  const file = path.join(dir, 'openai-chat-2.0qps-PaddleOCR-VL-big.json');
  writeFileSync(file, JSON.stringify(big));
  expect(statSync(file).size).toBeGreaterThan(STREAM_JSON_BYTES);

  const adapter = (await adapterById('fastdeploy-benchmark-json'))!;
  const small = await adapter.parse(await openArtifact(fixture, 'small.json'));
  const large = await adapter.parse(await openArtifact(file, 'big.json'));
  expect(large.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(large.record).toEqual(small.record);
});

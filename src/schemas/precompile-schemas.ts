/**
 * Build step (`npm run build`, after tsc): generate the validation code of every published
 * schema (ajv standalone code) into `dist/schemas/standalone/<key>.cjs`, one file per schema so
 * that a command loads only the ones it uses; validate.ts uses them instead of compiling the
 * schemas at each start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemasDir } from '../paths.js';
import { DIGEST_EXPORT, listSchemas, schemaInstance, schemaKey, schemasDigest, STANDALONE_DIR } from './validate.js';

const standaloneCode = (createRequire(import.meta.url)('ajv/dist/standalone') as { default: (ajv: unknown, refs: Record<string, string>) => string }).default;
const ajv = schemaInstance({ validateSchema: true, code: { source: true } });
const digest = schemasDigest();
for (const key of listSchemas(schemasDir).map(schemaKey)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), STANDALONE_DIR, `${key}.cjs`);
  mkdirSync(path.dirname(out), { recursive: true });
  // The digest of the schemas lets validate.ts refuse this file once a schema is edited without a rebuild.
  writeFileSync(out, `${standaloneCode(ajv, { [key]: key })}\nexports[${JSON.stringify(DIGEST_EXPORT)}] = ${JSON.stringify(digest)};\n`);
}

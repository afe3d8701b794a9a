/**
 * Build step (`npm run build`, after tsc): generate the validation code of every published
 * schema into `dist/schemas/validators.standalone.cjs` (ajv standalone code), which validate.ts
 * uses instead of compiling the schemas at each start.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemasDir } from '../paths.js';
import { DIGEST_EXPORT, listSchemas, schemaInstance, schemaKey, schemasDigest, STANDALONE_FILE } from './validate.js';

const standaloneCode = (createRequire(import.meta.url)('ajv/dist/standalone') as { default: (ajv: unknown, refs: Record<string, string>) => string }).default;
const ajv = schemaInstance({ validateSchema: true, code: { source: true } });
const keys = listSchemas(schemasDir).map(schemaKey);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), STANDALONE_FILE);
// The digest of the schemas lets validate.ts refuse this file once a schema is edited without a rebuild.
writeFileSync(out, `${standaloneCode(ajv, Object.fromEntries(keys.map((k) => [k, k])))}\nexports[${JSON.stringify(DIGEST_EXPORT)}] = ${JSON.stringify(schemasDigest())};\n`);

/**
 * Every published schema is valid JSON Schema (checked against the meta-schema here, once,
 * because the CLI skips that check at start-up) and compiles in strict mode.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../../src/paths.js';
import { AJV_OPTIONS, listSchemas } from '../../src/schemas/validate.js';

describe('published schemas', () => {
  it('pass the meta-schema and compile in strict mode', () => {
    const ajv = new Ajv({ ...AJV_OPTIONS, validateSchema: true });
    addFormats.default(ajv);
    const files = listSchemas(schemasDir);
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) ajv.addSchema(JSON.parse(readFileSync(f, 'utf8')) as object, path.relative(schemasDir, f));
    for (const f of files) {
      expect(ajv.validateSchema(JSON.parse(readFileSync(f, 'utf8')) as object), `${f}: ${ajv.errorsText()}`).toBe(true);
      expect(ajv.getSchema(path.relative(schemasDir, f).split(path.sep).join('/'))).toBeTypeOf('function');
    }
  });

  it('refuses an invalid schema (the check can fail)', () => {
    const ajv = new Ajv({ ...AJV_OPTIONS, validateSchema: true });
    expect(ajv.validateSchema({ type: 'strng' })).toBe(false);
  });
});

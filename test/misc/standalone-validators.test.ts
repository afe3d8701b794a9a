/**
 * The validators `npm run build` generates (ajv standalone code, used by the CLI while the
 * schema files are as they were at the build) accept and
 * reject exactly what the schemas compiled at run time do, with the same errors: on the example's
 * config, manifest, records and the built-in profiles, and on mutations of each (a key removed,
 * a value of the wrong type, an unknown key).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { packageRoot, schemasDir } from '../../src/paths.js';
import { DIGEST_EXPORT, listSchemas, schemaInstance, schemaKey, schemasDigest, STANDALONE_DIR } from '../../src/schemas/validate.js';

const standaloneDir = path.join(packageRoot, 'dist', 'schemas', STANDALONE_DIR);
const load = (key: string) => createRequire(import.meta.url)(path.join(standaloneDir, `${key}.cjs`)) as Record<string, unknown>;

function samples(): { key: string; value: unknown }[] {
  const out: { key: string; value: unknown }[] = [];
  const example = path.join(packageRoot, 'evidence/examples/metax-paddleocr-vl-stage1');
  for (const f of readdirSync(example).filter((x) => x.endsWith('.yaml'))) out.push({ key: 'config.schema.json', value: parseYaml(readFileSync(path.join(example, f), 'utf8')) });
  for (const f of readdirSync(path.join(packageRoot, 'profiles'))) out.push({ key: 'profile.schema.json', value: parseYaml(readFileSync(path.join(packageRoot, 'profiles', f), 'utf8')) });
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'rfcs/FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1/manifest.json'), 'utf8')) as { entries: { record?: { kind: string } }[] };
  out.push({ key: 'manifest.schema.json', value: manifest });
  for (const e of manifest.entries) if (e.record) out.push({ key: `records/${e.record.kind}.schema.json`, value: e.record });
  return out;
}

/** The value itself, and for each of its keys: removed, of another type, and an unknown key beside it. */
function mutations(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [value];
  const out: unknown[] = [value, { ...value, unknownKey: 1 }];
  for (const [k, v] of Object.entries(value)) {
    const { [k]: _removed, ...rest } = value as Record<string, unknown>;
    out.push(rest, { ...value, [k]: typeof v === 'string' ? 42 : typeof v === 'number' ? 'x' : Array.isArray(v) ? {} : [] });
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const inner of mutations(v).slice(1, 6)) out.push({ ...value, [k]: inner });
  }
  return out;
}

describe('standalone validators', () => {
  it('are built, one per published schema, from the schemas as they are', () => {
    expect(existsSync(standaloneDir), 'run `npm run build` first').toBe(true);
    for (const key of listSchemas(schemasDir).map(schemaKey)) {
      const built = load(key);
      expect(built[key], key).toBeTypeOf('function');
      // Otherwise validate.ts would ignore the file.
      expect(built[DIGEST_EXPORT]).toBe(schemasDigest());
    }
  });

  it('give the same verdicts and errors as the compiled schemas', () => {
    const ajv = schemaInstance({ validateSchema: false });
    let rejected = 0;
    let cases = 0;
    for (const { key, value } of samples()) {
      const compiled = ajv.getSchema(key)!;
      for (const v of mutations(value)) {
        const built = load(key)[key] as ValidateFunction;
        const a = built(v);
        const b = compiled(v);
        expect(a, key).toBe(b);
        expect(built.errors ?? null).toEqual(compiled.errors ?? null);
        cases++;
        if (!b) rejected++;
      }
    }
    expect(cases).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(cases / 4);
  });
});

/**
 * The record, config, manifest, document-set and profile types are generated from their schemas
 * (src/build/schema-types.ts): the committed src/schemas/types.generated.ts is what the generator
 * makes of schemas/ now, a new `tool` value is one edit of a schema, and no list the code needs
 * is kept twice.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SCHEMA_TYPES_FILE, schemaTypes } from '../../src/build/schema-types.js';
import { schemasDir } from '../../src/paths.js';
import { ANALYSIS_NAMES } from '../../src/analysis/index.js';
import { ROLES, type Role } from '../../src/records.js';
import { AJV_OPTIONS, listSchemas, schemaKey, validate } from '../../src/schemas/validate.js';
import { repoRoot, tempDir } from '../pipeline/helpers.js';

/** tsc's errors for `snippet` compiled beside `generated` (as types.generated.ts), strict; '' when none. */
function typeErrors(generated: string, snippet: string): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'types.generated.ts'), generated);
  writeFileSync(path.join(dir, 'use.ts'), snippet);
  const program = ts.createProgram([path.join(dir, 'use.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    .join('\n');
}

/** Every `enum` in every published schema, as `<key>#<pointer>` -> values. */
function enums(): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${where}/${i}`));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'enum' && Array.isArray(v)) out.set(where, v);
        walk(v, `${where}/${k}`);
      }
    }
  };
  for (const file of listSchemas(schemasDir)) walk(JSON.parse(readFileSync(file, 'utf8')), `${schemaKey(file)}#`);
  return out;
}

/** The generator's output for schemas/ as it is (made once: it takes about a second). */
let fresh: Promise<string> | undefined;
const current = (): Promise<string> => (fresh ??= schemaTypes());

describe('types from the published schemas', () => {
  it('src/schemas/types.generated.ts equals a fresh run of the generator', async () => {
    const committed = readFileSync(path.join(repoRoot, SCHEMA_TYPES_FILE), 'utf8');
    expect(committed === (await current()), `${SCHEMA_TYPES_FILE} is stale: run \`npm run schemas:types\` and commit it`).toBe(true);
  });

  it('a new tool value is one edit, of the schema: then the type accepts it and so does validation, which both refused before', async () => {
    const snippet = "import type { GpuSamples } from './types.generated.js';\nexport const tool: GpuSamples['tool'] = 'rocm-smi';\n";
    const record = { kind: 'gpu-samples', tool: 'rocm-smi', devices: [], samples: 0, utilization: { avgPct: 0, maxPct: 0 }, memory: {} };
    expect(typeErrors(await current(), snippet)).toMatch(/'"rocm-smi"' is not assignable/);
    expect(validate('records/gpu-samples.schema.json', record, 'rocm.csv').map((d) => d.message)).toEqual([
      `'/tool': expected one of "nvidia-smi", "nvidia-smi-dmon", "mx-smi", "gpu-jsonl", found "rocm-smi"`,
    ]);

    const edited = path.join(tempDir(), 'schemas');
    cpSync(schemasDir, edited, { recursive: true });
    const file = path.join(edited, 'records', 'gpu-samples.schema.json');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties: { tool: { enum: string[] } } };
    schema.properties.tool.enum.push('rocm-smi');
    writeFileSync(file, JSON.stringify(schema, null, 2));
    expect(typeErrors(await schemaTypes(edited), snippet)).toBe('');
    expect(new Ajv(AJV_OPTIONS).compile(schema)(record)).toBe(true);
  });

  it('every record schema becomes one member of NormalizedRecord, named after its title', async () => {
    const generated = await current();
    const union = /export type NormalizedRecord =\n((?: {2}\| \w+\n?)+);/.exec(generated)?.[1];
    const titles = listSchemas(path.join(schemasDir, 'records')).map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { title: string }).title);
    expect(union?.match(/\w+/g)).toEqual(titles.map((t) => t.replace(/(?:^|-)(\w)/g, (_, c: string) => c.toUpperCase())));
    expect(titles).toContain('serving-benchmark');
  });

  it('ROLES is the role enum of config.schema.json (declared once though profiles take it too), ANALYSIS_NAMES the analysis enum of profile.schema.json, and no published schema repeats an enum another holds', async () => {
    const all = enums();
    expect(ROLES).toEqual(all.get('config.schema.json#/definitions/role'));
    expectTypeOf<Role>().toEqualTypeOf<(typeof ROLES)[number]>();
    expect((await current()).match(/^export type Role =/gm)).toHaveLength(1);
    expect(ANALYSIS_NAMES).toEqual(all.get('profile.schema.json#/definitions/requirement/properties/analysis'));
    const seen = new Map<string, string>();
    for (const [where, values] of all) {
      const key = JSON.stringify([...values].map(String).sort());
      expect(seen.get(key), `${where} repeats the enum of ${seen.get(key)}: $ref it instead`).toBeUndefined();
      seen.set(key, where);
    }
    expect(all.size).toBeGreaterThan(10);
  });

  it('refuses two schemas that would generate the same type name', async () => {
    const dir = path.join(tempDir(), 'schemas');
    cpSync(schemasDir, dir, { recursive: true });
    const file = path.join(dir, 'records', 'other.schema.json');
    const other = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    other.definitions = { metricStats: { type: 'object', properties: { n: { type: 'integer' } } } };
    (other.properties as Record<string, unknown>).stats = { $ref: '#/definitions/metricStats' };
    writeFileSync(file, JSON.stringify(other));
    await expect(schemaTypes(dir)).rejects.toThrow(/both generate a type 'MetricStats'/);
  });
});

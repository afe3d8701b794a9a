import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type addFormatsModule from 'ajv-formats';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { schemasDir } from '../paths.js';

/**
 * All published schemas (`schemas/**\/*.schema.json`), as validators that `npm run build`
 * generated (precompile-schemas.ts), or else compiled here by one ajv instance, so that a schema
 * may `$ref` another by its `$id`. Compiling costs about 100 ms of a command's start; ajv itself
 * loads only then.
 */
let ajv: Ajv | undefined;
const require = createRequire(import.meta.url);

/** Folder the build writes beside this module: one file per schema, `<key>.cjs`, loaded when used. */
export const STANDALONE_DIR = 'standalone';

/** Name of the export holding schemasDigest() as it was at build time. */
export const DIGEST_EXPORT = 'schemasSha256';

/** The built validator of schema `key`, unless there is none or a schema file changed since the build. */
function loadStandalone(key: string): ValidateFunction | undefined {
  let built: Record<string, unknown>;
  try {
    built = require(`./${STANDALONE_DIR}/${key}.cjs`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  currentDigest ??= schemasDigest();
  return built[DIGEST_EXPORT] === currentDigest ? (built[key] as ValidateFunction) : undefined;
}
let currentDigest: string | undefined;

/** SHA-256 over every schema file (key and content): what the built validators were made from. */
export function schemasDigest(): string {
  const h = createHash('sha256');
  for (const file of listSchemas(schemasDir)) h.update(`${schemaKey(file)}\0${readFileSync(file, 'utf8')}\0`);
  return h.digest('hex');
}

export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true } as const;
const compiled = new Map<string, ValidateFunction>();

/** An ajv instance holding every schema (`code` options for the build's standalone code). */
export function schemaInstance(options: { validateSchema: boolean; code?: { source: boolean } }): Ajv {
  let AjvClass: typeof import('ajv').Ajv;
  let addFormats: typeof addFormatsModule;
  try {
    ({ Ajv: AjvClass } = require('ajv') as typeof import('ajv'));
    addFormats = require('ajv-formats') as typeof addFormatsModule;
  } catch {
    // The bundle carries no compiler, only the validators built from schemas/ as they were.
    throw new Error(`the schemas under ${schemasDir} differ from the ones this build compiled and ajv is not installed to compile them: rebuild (npm run build && npm run bundle) or restore schemas/`);
  }
  const instance = new AjvClass({ ...AJV_OPTIONS, ...options });
  addFormats.default(instance);
  for (const file of listSchemas(schemasDir)) {
    instance.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object, schemaKey(file));
  }
  return instance;
}

function instance(): Ajv {
  if (ajv) return ajv;
  // strictRequired is off: `oneOf: [{required: [path]}, {required: [glob]}]` names properties defined one level up.
  // validateSchema is off: checking every schema against the meta-schema cost about 80 ms of every
  // command's start; test/schemas.test.ts checks them once instead.
  ajv = schemaInstance({ validateSchema: false });
  return ajv;
}

export function listSchemas(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listSchemas(p));
    else if (e.name.endsWith('.schema.json')) out.push(p);
  }
  return out;
}

/** Key of a schema: its path under `schemas/`, POSIX, e.g. `records/patch.schema.json`. */
export function schemaKey(file: string): string {
  return path.relative(schemasDir, file).split(path.sep).join('/');
}

export function validator(key: string): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = loadStandalone(key) ?? instance().getSchema(key);
    if (!v) throw new Error(`no schema '${key}' under schemas/`);
    compiled.set(key, v);
  }
  return v;
}

/** Validate `value` against schema `key`; each violation becomes a diagnostic with a JSON pointer. */
export function validate(key: string, value: unknown, file: string, id = 'schema.invalid'): Diagnostic[] {
  const v = validator(key);
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => error(id, describeError(e), { file, pointer: errorPointer(e) }));
}

/** Pointer of the offending value; for an unknown or missing key, the key itself. */
function errorPointer(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const key = e.keyword === 'additionalProperties' ? p.additionalProperty : e.keyword === 'required' ? p.missingProperty : undefined;
  return key === undefined ? e.instancePath : `${e.instancePath}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** "expected ..., found ..." wording for one ajv error. */
export function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the document' : `'${e.instancePath}'`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key '${String(p.additionalProperty)}' in ${where}`;
    case 'required':
      return `missing required key '${String(p.missingProperty)}' in ${where}`;
    case 'type':
      return `${where}: expected ${String(p.type)}, found ${typeName(e.data)}`;
    case 'enum':
      return `${where}: expected one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}, found ${JSON.stringify(e.data)}`;
    case 'const':
      return `${where}: expected ${JSON.stringify(p.allowedValue)}, found ${JSON.stringify(e.data)}`;
    case 'pattern':
      return `${where}: expected a value matching ${String(p.pattern)}, found ${JSON.stringify(e.data)}`;
    case 'format':
      return `${where}: expected a ${String(p.format)}, found ${JSON.stringify(e.data)}`;
    default:
      return `${where}: ${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== 'object' ? `, found ${JSON.stringify(e.data)}` : ''}`;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v;
}

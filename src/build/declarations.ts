/**
 * After tsc (part of `npm run build`): each record kind declares its keys of `Analysis` and of
 * the chart links in its own modules (`src/kinds/analysis/<kind>.ts`, `src/kinds/charts/<kind>.ts`,
 * declaration merging), which nothing imports statically since the registry discovers them. So
 * that library users see those keys too, `dist/index.d.ts` gets a reference to each of them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeDir } from '../paths.js';
import { registeredModules } from '../util/discover.js';

const KIND_DIRS = ['kinds/analysis', 'kinds/charts'];
const REFERENCE = /^\/\/\/ <reference path="\.\/kinds\/[^"]*" \/>\n/gm;

/** Prepends the references (triple-slash directives must come first); idempotent. */
export function referenceKindDeclarations(dist: string): string[] {
  const index = path.join(dist, 'index.d.ts');
  const refs = KIND_DIRS.flatMap((dir) => registeredModules(path.join(dist, dir)).map((f) => `./${dir}/${f.replace(/\.js$/, '.d.ts')}`));
  const text = readFileSync(index, 'utf8').replace(REFERENCE, '');
  writeFileSync(index, refs.map((r) => `/// <reference path="${r}" />\n`).join('') + text);
  return refs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) referenceKindDeclarations(codeDir);

/**
 * A kind's Analysis keys reach library users (src/build/declarations.ts): the built
 * dist/index.d.ts references every kind's analysis and chart declarations, and a program using
 * the package's types sees `analysis.gpu`, `analysis.scheduling`... (uses dist/: `npm test` builds first).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { referenceKindDeclarations } from '../../src/build/declarations.js';
import { registeredModules } from '../../src/util/discover.js';
import { repoRoot, tempDir } from '../pipeline/helpers.js';

const dist = path.join(repoRoot, 'dist');
const kindModules = ['kinds/analysis', 'kinds/charts'].flatMap((d) => registeredModules(path.join(repoRoot, 'src', d)).map((f) => `./${d}/${f.replace(/\.ts$/, '.d.ts')}`));

describe("kinds' declarations in the library's types", () => {
  it('dist/index.d.ts references each kind analysis and chart module, once, before anything else', () => {
    const text = readFileSync(path.join(dist, 'index.d.ts'), 'utf8');
    expect(kindModules.length).toBeGreaterThan(0);
    expect(text.startsWith(kindModules.map((m) => `/// <reference path="${m}" />\n`).join(''))).toBe(true);
    expect(text.split('/// <reference').length - 1).toBe(kindModules.length);
  });

  it('adding the references again changes nothing', () => {
    const dir = tempDir();
    cpSync(dist, dir, { recursive: true, filter: (f) => !f.includes(`${path.sep}standalone`) });
    const before = readFileSync(path.join(dir, 'index.d.ts'), 'utf8');
    referenceKindDeclarations(dir);
    expect(readFileSync(path.join(dir, 'index.d.ts'), 'utf8')).toBe(before);
  });

  it("a program written against the package's types reads every kind's Analysis key", () => {
    const dir = tempDir();
    const file = path.join(dir, 'use.ts');
    writeFileSync(
      file,
      [
        `import { analyse, type Analysis } from ${JSON.stringify(path.join(dist, 'index.js'))};`,
        'export async function use(m: Parameters<typeof analyse>[0]): Promise<number> {',
        '  const a: Analysis = await analyse(m);',
        '  return a.gpu.length + a.kernels.length + (a.scheduling?.prefillLines ?? 0) + a.benchmarks.formal.length + a.targets.length + a.startup.attempts.length + a.traces.length;',
        '}',
      ].join('\n'),
    );
    const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [], typeRoots: [] });
    const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});

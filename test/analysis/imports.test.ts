/**
 * The stage boundaries (docs/architecture.md, "Stages"), enforced on the imports: the analysis
 * is pure (no render/, checks/, cli/, file system or clock); render/ only formats, so it imports
 * nothing from stats/ but types. A kind's analysers (src/kinds/analysis/) are analysis code and
 * its charts (src/kinds/charts/) are render code under the same rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.join(import.meta.dirname, '../../src');

/** Analysis code: the analysis stage and every kind's analysers. */
const analysisFiles = () => [...files('analysis'), ...files('kinds/analysis')];
/** Render code: the render stage and every kind's charts. */
const renderFiles = () => [...files('render'), ...files('kinds/charts')];

function files(dir: string): string[] {
  return readdirSync(path.join(src, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** Every import of a file: its specifier and whether it is type-only. */
function imports(file: string): { from: string; typeOnly: boolean }[] {
  const text = readFileSync(path.join(src, file), 'utf8');
  const out: { from: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;'"]*?from\s+['"]([^'"]+)['"]/gms)) out.push({ from: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ from: m[1]!, typeOnly: false });
  return out;
}

/** The src/ folder an import lands in (`render`, `stats`, ...), or the module name for packages. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return path.relative(src, path.resolve(path.join(src, path.dirname(file)), spec)).split(path.sep)[0]!;
}

describe('stage boundaries in the imports', () => {
  it('analysis imports nothing from render/, checks/ or cli/, and touches no file, clock or process', () => {
    const bad = analysisFiles().flatMap((f) =>
      imports(f)
        .filter((i) => ['render', 'checks', 'cli', 'node:fs', 'node:fs/promises', 'node:child_process', 'node:os'].includes(target(f, i.from)))
        .map((i) => `${f} imports ${i.from}`),
    );
    expect(files('kinds/analysis').length).toBeGreaterThan(0);
    expect(bad).toEqual([]);
    for (const f of analysisFiles()) expect(readFileSync(path.join(src, f), 'utf8'), f).not.toMatch(/\bDate\.now\(|new Date\(\)|process\.(env|cwd)/);
  });

  it('render/ computes no statistic: it imports nothing from stats/ but types', () => {
    const bad = renderFiles().flatMap((f) => imports(f).filter((i) => target(f, i.from) === 'stats' && !i.typeOnly).map((i) => `${f} imports ${i.from}`));
    expect(bad).toEqual([]);
  });

  it("a kind's charts draw from the Analysis: they import only types from analysis/, stats/ or another kind's code", () => {
    expect(files('kinds/charts').length).toBeGreaterThan(0);
    const bad = files('kinds/charts').flatMap((f) =>
      imports(f)
        .filter((i) => !i.typeOnly && ['analysis', 'stats', 'evidence', 'kinds'].includes(target(f, i.from)))
        .map((i) => `${f} imports ${i.from}`),
    );
    expect(bad).toEqual([]);
  });

  it('the views take an Analysis, not records to compute from', () => {
    for (const f of files('render').filter((x) => /view-.*\.ts$/.test(x))) {
      const text = readFileSync(path.join(src, f), 'utf8');
      expect(text, f).not.toMatch(/from '\.\.\/stats\//);
      expect(text, f).not.toMatch(/profile\.js'|checks\//);
    }
  });
});

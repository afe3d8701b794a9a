/**
 * What a record kind knows lives with the kind (docs/architecture.md, "Where to add things"):
 * analyse() and chartSpecs() iterate over what the registry provides, so a kind's analysis and
 * charts are added by files alone, and cross-kind inputs are declared and ordered.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOrder, type Analyser } from '../../src/analysis/analyser.js';
import { analyse, analyseWith, analysers, ANALYSIS_NAMES } from '../../src/analysis/index.js';
import { kindCharts } from '../../src/kinds/registry.js';
import type { Patch } from '../../src/records.js';
import { chartSpecs, chartSpecsWith, type KindCharts } from '../../src/render/charts/specs.js';
import { buildView } from '../../src/render/view-model.js';
import { discover, registeredModules } from '../../src/util/discover.js';
import { example } from '../render/charts-helpers.js';

const src = path.join(import.meta.dirname, '../../src');
const fixtureKinds = path.join(import.meta.dirname, '../fixtures/kinds');
const kindNames = registeredModules(path.join(src, 'kinds')).map((f) => f.replace(/\.ts$/, ''));

describe('a record kind brings its analysis and charts', () => {
  it('the shared code names no kind: analyse(), the analyser runner, chartSpecs(), the chart links, the registry', () => {
    expect(kindNames).toContain('serving-benchmark');
    for (const f of ['analysis/index.ts', 'analysis/analyser.ts', 'render/charts/specs.ts', 'render/assets.ts', 'kinds/registry.ts']) {
      const text = readFileSync(path.join(src, f), 'utf8');
      for (const k of kindNames) expect(text, `${f} names '${k}'`).not.toContain(`'${k}'`);
    }
  });

  it("each analysis and chart module is named after a kind, and its analysers read that kind's entries or the manifest", async () => {
    for (const dir of ['kinds/analysis', 'kinds/charts']) {
      for (const f of registeredModules(path.join(src, dir))) expect(kindNames, `${dir}/${f}`).toContain(f.replace(/\.ts$/, ''));
    }
    for (const f of registeredModules(path.join(src, 'kinds/analysis'))) {
      const list = (await import(path.join(src, 'kinds/analysis', f))) as { analysers: Analyser[] };
      for (const a of list.analysers) expect([undefined, f.replace(/\.ts$/, '')], `${f}: ${a.key}`).toContain(a.kind);
    }
  });

  it('a kind without analysis gets one, with its chart, by adding files: analysed after what it reads, drawn, nothing else changed', async () => {
    const { config, manifest } = example();
    const extra = (await discover<readonly Analyser[]>(path.join(fixtureKinds, 'analysis'), 'analysers')).flat();
    const extraCharts = await discover<KindCharts>(path.join(fixtureKinds, 'charts'), 'charts');
    // Listed first, it still runs after the benchmarks it reads.
    const analysis = analyseWith([...extra, ...(await analysers())], manifest);
    const patches = manifest.entries.filter((e) => e.valid && e.record?.kind === 'patch');
    expect(patches.length).toBeGreaterThan(0);
    expect(analysis.benchmarks.formal.length).toBeGreaterThan(0);
    expect(analysis.patchChanges).toEqual(
      patches.map((e) => {
        const r = e.record as Patch;
        return { id: e.id, files: r.files.length, linesChanged: r.insertions + r.deletions, formalRuns: analysis.benchmarks.formal.length };
      }),
    );
    const { patchChanges: _added, ...rest } = analysis;
    const before = await analyse(manifest);
    expect(rest).toEqual(before);

    const view = buildView(config, manifest, analysis);
    const charts = chartSpecsWith([...(await kindCharts()), ...extraCharts], view, analysis);
    const drawn = await chartSpecs(buildView(config, manifest, before), before);
    expect(charts.slice(0, drawn.length)).toEqual(drawn);
    expect(charts.slice(drawn.length).map((c) => [c.entryId, c.file])).toEqual(patches.map((e) => [e.id, `patch-${e.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.svg`]));
  });

  it("the profile's analysis names are the schema's, each given facts by exactly one registered analyser", async () => {
    const schema = JSON.parse(readFileSync(path.join(src, '../schemas/profile.schema.json'), 'utf8')) as { definitions: { requirement: { properties: { analysis: { enum: string[] } } } } };
    expect(schema.definitions.requirement.properties.analysis.enum).toEqual([...ANALYSIS_NAMES]);
    const given = (await analysers()).flatMap((a) => (a.facts ? [a.facts.name] : [])).sort();
    expect(given).toEqual([...ANALYSIS_NAMES].sort());
  });

  it('a profile analysis no analyser gives is not done, so a requirement on it fails rather than passes unseen', () => {
    const { manifest } = example();
    const bare = analyseWith([], manifest);
    for (const name of ANALYSIS_NAMES) expect(bare.facts[name], name).toEqual({ done: false, why: `no analyser gives the ${name} analysis`, values: {} });
  });
});

describe('analysers run in the order their reads require', () => {
  const make = (key: string, reads: string[] = []) => ({ key, reads, run: () => [] }) as unknown as Analyser;

  it('each after those it reads, otherwise as listed', () => {
    const order = runOrder([make('c', ['b']), make('a'), make('b', ['a']), make('d')]).map((a) => a.key);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses two analysers of one key, a read no analyser makes, and a cycle, naming them', () => {
    expect(() => runOrder([make('a'), make('a')])).toThrow("two analysers make the analysis 'a'");
    expect(() => runOrder([make('a', ['zz'])])).toThrow("the analysis 'a' reads 'zz', which no analyser makes");
    expect(() => runOrder([make('a', ['b']), make('b', ['a'])])).toThrow('the analyses read each other in a cycle: a -> b -> a');
  });

  it('the registered analysers: GPU windows after the benchmarks, scheduling after them, traces after the kernels', async () => {
    const order = runOrder(await analysers()).map((a) => a.key);
    for (const [before, after] of [
      ['benchmarks', 'gpu'],
      ['benchmarks', 'scheduling'],
      ['kernels', 'traces'],
    ] as const) expect(order.indexOf(before), `${before} before ${after}`).toBeLessThan(order.indexOf(after));
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/evidence/manifest.js';
import type { GpuPoint, GpuSamples, KernelProfile, ServingBenchmark } from '../../src/records.js';
import { renderAssets } from '../../src/render/assets.js';
import { chartKey, reusable, stamp } from '../../src/render/charts/cache.js';
import { chartSpecs } from '../../src/render/charts/specs.js';
import { normalizeSvg, renderSvg } from '../../src/render/charts/svg.js';
import { planRender } from '../../src/render/render.js';
import { buildView } from '../../src/render/view-model.js';
import { analyse } from '../../src/analysis/index.js';
import { downsample } from '../../src/evidence/downsample.js';
import { kind as gpuKind } from '../../src/kinds/gpu-samples.js';
import { example, parseXml } from './charts-helpers.js';

const EXAMPLE_CHARTS = [
  'gpu-profiling-mx-smi_formal.svg',
  'kernels-profiling-kernel_summary.svg',
  'kernels-profiling-paddleocr_vl_req0.paddle_trace.svg',
  'latency-formal-benchmark_formal.svg',
  'matrix.svg',
  'scheduling.svg',
];

/** What GitHub needs to show an SVG as an image, and what the issue asks of every chart. */
function expectPlainSvg(content: string): void {
  expect(content.endsWith('</svg>\n')).toBe(true);
  expect(content.length).toBeLessThan(1024 * 1024);
  const xml = parseXml(content);
  expect(xml.root).toBe('svg');
  expect(Number(xml.attrs['width'])).toBeGreaterThan(0);
  expect(Number(xml.attrs['height'])).toBeGreaterThan(0);
  expect((xml.elements.get('path') ?? 0) + (xml.elements.get('line') ?? 0) + (xml.elements.get('rect') ?? 0)).toBeGreaterThan(5);
  expect(xml.elements.get('text') ?? 0).toBeGreaterThan(3);
  for (const banned of ['script', 'image', 'foreignObject', 'style', 'a']) expect(xml.elements.has(banned), banned).toBe(false);
  expect(content).not.toMatch(/\bon[a-z]+="/);
  // Only in-document references (#id); no external URL, font or image.
  expect(content).not.toMatch(/href="(?!#)/);
  expect(content).not.toMatch(/url\((?!#)/);
  expect(content).not.toMatch(/@font-face|@import/);
}

/** The analysis and view of a manifest (no profile), as render builds them. */
async function analysed(config: Parameters<typeof buildView>[0], manifest: Manifest) {
  const analysis = await analyse(manifest);
  return { analysis, view: buildView(config, manifest, analysis) };
}

async function specsOf(config: Parameters<typeof buildView>[0], manifest: Manifest) {
  const { analysis, view } = await analysed(config, manifest);
  return chartSpecs(view, analysis);
}

async function assetsOf(config: Parameters<typeof buildView>[0], manifest: Manifest) {
  const { analysis, view } = await analysed(config, manifest);
  return renderAssets(config, analysis, view);
}

function withEntries(manifest: Manifest, edit: (entries: Manifest['entries']) => Manifest['entries']): Manifest {
  return { ...manifest, entries: edit(structuredClone(manifest.entries)) };
}

describe('charts of the example', () => {
  it('draws the six charts its evidence supports, byte for byte the committed ones', async () => {
    const { config, manifest, committed } = example();
    const { assets, links } = await assetsOf(config, manifest);
    expect(assets.map((a) => path.basename(a.file)).sort()).toEqual(EXAMPLE_CHARTS);
    const committedDir = path.join(committed.evidenceDirAbs, 'charts');
    expect(readdirSync(committedDir).sort()).toEqual(EXAMPLE_CHARTS);
    for (const a of assets) expect(a.content, path.basename(a.file)).toBe(readFileSync(path.join(committedDir, path.basename(a.file)), 'utf8'));
    expect(links.matrix).toEqual({
      link: 'evidence/charts/matrix.svg',
      alt: 'benchmark 矩阵各配置的吞吐与 P95 延迟柱状图：6 个配置，最佳配置 max_num_seqs=8, max_model_len=8192',
    });
    expect(Object.keys(links.byEntry).sort()).toEqual(['formal/benchmark_formal', 'profiling/kernel_summary', 'profiling/mx-smi_formal', 'profiling/paddleocr_vl_req0.paddle_trace']);
    expect(links.scheduling?.link).toBe('evidence/charts/scheduling.svg');
    expect(links.byEntry['formal/benchmark_formal']!.alt).toBe('正式 benchmark 端到端延迟累积分布图：70 个请求，P50 0.405 s，P95 0.937 s');
  });

  it('are plain SVG: well-formed XML, an <svg> root with a size, drawing elements, nothing external or executable', async () => {
    const { config, manifest } = example();
    const { assets } = await assetsOf(config, manifest);
    expect(assets).toHaveLength(6);
    for (const a of assets) expectPlainSvg(a.content);
  });

  it('are linked from the report with alt text and relative paths, and written beside it', async () => {
    const { config, manifest } = example();
    const plan = await planRender(config, manifest);
    const report = plan.documents.find((d) => d.doc === 'report')!.text;
    const images = [...report.matchAll(/!\[([^\]]+)\]\(([^)]+)\)/g)].map((m) => m[2]);
    expect(images).toEqual([
      'evidence/charts/matrix.svg',
      'evidence/charts/latency-formal-benchmark_formal.svg',
      'evidence/charts/scheduling.svg',
      'evidence/charts/gpu-profiling-mx-smi_formal.svg',
      'evidence/charts/kernels-profiling-kernel_summary.svg',
      'evidence/charts/kernels-profiling-paddleocr_vl_req0.paddle_trace.svg',
    ]);
    expect(plan.assets.map((a) => path.relative(config.outDirAbs, a.file).split(path.sep).join('/')).sort()).toEqual(EXAMPLE_CHARTS.map((f) => `evidence/charts/${f}`));
  });

  it('English documents get English charts', async () => {
    const { config, manifest } = example();
    const { assets, links } = await assetsOf({ ...config, language: 'en' }, manifest);
    expect(links.byEntry['profiling/kernel_summary']!.alt).toBe('Bar charts of GPU time: the largest category is GEMM/matmul at 56.00%, of the top 10 kernels the largest is mcblas_gemm_bf16_nt_128x128x32_stage3 at 40.90%');
    expect(assets.find((a) => a.file.endsWith('matrix.svg'))!.content).toContain('>Throughput (req/s)</text>');
  });
});

describe('determinism', () => {
  it('gives the same bytes when drawn again in the same process (vega counters advance)', async () => {
    const { config, manifest } = example();
    const specs = await specsOf(config, manifest);
    for (const s of specs) expect(await renderSvg(s.spec), s.file).toBe(await renderSvg(s.spec));
  });

  it('renames generated ids in order of first use', () => {
    const svg = '<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip7)"><rect fill="url(#gradient_3)"/><use href="#clip7"/></g></svg>';
    expect(normalizeSvg(svg)).toBe('<svg><defs><clipPath id="d1"><rect/></clipPath><linearGradient id="d2"/></defs><g clip-path="url(#d1)"><rect fill="url(#d2)"/><use href="#d1"/></g></svg>\n');
  });

  it('reuses a drawn chart only when it was drawn from the same spec and not edited since', () => {
    const key = chartKey({ mark: 'bar' });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(chartKey({ mark: 'line' })).not.toBe(key);
    const file = stamp(key, '<svg width="1" height="1"></svg>\n');
    expect(reusable(file, key)).toBe(file);
    expect(reusable(file, chartKey({ mark: 'line' }))).toBeUndefined();
    expect(reusable(file.replace('width="1"', 'width="2"'), key)).toBeUndefined();
    expect(reusable(undefined, key)).toBeUndefined();
  });
});

describe('charts only where there is data', () => {
  it('leaves out every chart whose data is missing, and the report shows no image', async () => {
    const { config, manifest } = example();
    const bare = withEntries(manifest, (entries) =>
      entries
        .filter((e) => e.role !== 'benchmark.matrix')
        .map((e) => {
          const r = e.record;
          if (r?.kind === 'serving-benchmark') delete (r as ServingBenchmark).latency.e2el!.samples;
          if (r?.kind === 'gpu-samples') delete (r as GpuSamples).series;
          if (r?.kind === 'kernel-profile') (r as KernelProfile).kernels = [];
          if (r?.kind === 'service-log') delete r.scheduling;
          return e;
        }),
    );
    expect(await specsOf(config, bare)).toEqual([]);
    const plan = await planRender(config, bare);
    expect(plan.assets).toEqual([]);
    for (const d of plan.documents) expect(d.text).not.toContain('![');
  });

  it('draws before/after for a stage-two baseline and candidate', async () => {
    const { config, manifest } = example();
    const formal = manifest.entries.find((e) => e.role === 'benchmark.formal')!;
    const faster = structuredClone(formal);
    const r = faster.record as ServingBenchmark;
    r.latency.e2el = { ...r.latency.e2el!, mean: r.latency.e2el!.mean! * 0.75, p50: r.latency.e2el!.p50! * 0.75, p95: r.latency.e2el!.p95! * 0.75, p99: r.latency.e2el!.p99! * 0.75, samples: r.latency.e2el!.samples!.map((x) => x * 0.75) };
    const stage2 = withEntries(manifest, (entries) => [
      ...entries,
      { ...structuredClone(formal), id: 'stage2/baseline', role: 'benchmark.baseline' },
      { ...faster, id: 'stage2/candidate', role: 'benchmark.candidate' },
    ]);
    const specs = await specsOf(config, stage2);
    const cmp = specs.find((s) => s.file === 'comparison-stage2-candidate.svg')!;
    expect(cmp.entryId).toBe('stage2/candidate');
    expect(cmp.alt).toBe('基线与优化后的延迟统计量对比柱状图：e2el.mean 改善 +25.0%');
    expectPlainSvg(await renderSvg(cmp.spec));
    const report = (await planRender(config, stage2)).documents.find((d) => d.doc === 'report')!.text;
    expect(report).toContain('### 6.1 基线与优化对比');
    expect(report).toContain('](evidence/charts/comparison-stage2-candidate.svg)');
  });
});

describe('long GPU series', () => {
  it('are bucketed once, at collect, keeping mean, min and max so a 1 s spike to 100% survives', () => {
    const series = Array.from({ length: 3600 }, (_, t) => ({ tS: t, device: 0, utilPct: t === 1234 ? 100 : 20, memUsedMiB: 1000 + (t === 2000 ? 500 : 0) }));
    const record = { kind: 'gpu-samples' as const, tool: 'gpu-jsonl' as const, devices: [{ index: 0 }], samples: 3600, utilization: { avgPct: 20, maxPct: 100 }, memory: { peakUsedMiB: 1500 }, series };
    const compact = gpuKind.compact!(record).series!;
    expect(compact.length).toBeLessThanOrEqual(720);
    expect(Math.max(...compact.map((p) => p.max!.utilPct))).toBe(100);
    expect(Math.max(...compact.map((p) => p.max!.memUsedMiB!))).toBe(1500);
    const n = compact.reduce((s, p) => s + p.n!, 0);
    expect(n).toBe(3600);
    // Means weighted by n give back the exact mean of every sample.
    expect(compact.reduce((s, p) => s + p.utilPct * p.n!, 0) / n).toBeCloseTo((20 * 3599 + 100) / 3600, 6);
    expect(downsample(series.slice(0, 10) as GpuPoint[], { max: 10, fields: ['utilPct'], group: (p) => p.device })).toEqual(series.slice(0, 10));
  });

  it('draws a day of 1 Hz samples on two devices well under 1024 KB, the spike at its maximum', async () => {
    const { config, manifest } = example();
    const day = withEntries(manifest, (entries) =>
      entries.map((e) => {
        if (e.record?.kind !== 'gpu-samples') return e;
        const r = e.record as GpuSamples;
        r.devices = [{ index: 0, name: 'MetaX C500' }, { index: 1, name: 'MetaX C500' }];
        r.series = Array.from({ length: 2 * 86400 }, (_, i) => ({ tS: i >> 1, device: i & 1, utilPct: i === 5001 ? 100 : (i * 7) % 90, memUsedMiB: 50000 + (i % 1000) }));
        e.record = gpuKind.compact!(r);
        return e;
      }),
    );
    const spec = (await specsOf(config, day)).find((s) => s.file.startsWith('gpu-'))!;
    expect(spec.alt).toContain('（长序列分段，绘制每段的最小值至最大值）');
    const values = (spec.spec['data'] as { values: { utilMax: number }[] }).values;
    expect(values).toHaveLength(1440);
    expect(Math.max(...values.map((v) => v.utilMax))).toBe(100);
    const svg = await renderSvg(spec.spec);
    expectPlainSvg(svg);
    expect(svg.length).toBeLessThan(300 * 1024);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categorize } from '../../src/analysis/kernel-categories.js';
import { analyseKernels, callPattern } from '../../src/analysis/kernels.js';
import type { KernelProfile } from '../../src/records.js';

const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/analysis/kernel-names.json'), 'utf8')) as { names: Record<string, string> };

describe('kernel categories (name rules kept as data)', () => {
  it.each(Object.entries(fixture.names))('%s -> %s', (name, category) => {
    expect(categorize(name)).toBe(category);
  });
});

const profile = (kernels: [string, number, number, number][]): KernelProfile => ({
  kind: 'kernel-profile',
  tool: 'kernel-csv',
  totalUs: kernels.reduce((s, k) => s + k[2], 0),
  kernels: kernels.map(([name, calls, totalUs, pct]) => ({ name, calls, totalUs, avgUs: totalUs / calls, pct })),
});

describe('kernel analysis', () => {
  it('keeps runtime API and one-off initialisation apart and never names them the bottleneck', () => {
    const a = analyseKernels(
      'p',
      profile([
        ['mcModuleLoad', 3, 2_400_000, 41.2],
        ['mcblas_gemm_bf16_nt_128x128x32_stage3', 82512, 1_864_370, 32.0],
        ['mcLaunchKernel', 250000, 900_000, 15.5],
        ['flash_attn_decode_splitkv_bf16_hd128', 20160, 602_810, 10.3],
        ['elementwise_add_bf16_vec4', 60480, 214_690, 1.0],
      ]),
    );
    expect(a.runtime.map((r) => r.name)).toEqual(['mcModuleLoad', 'mcLaunchKernel']);
    expect(a.bottleneck?.name).toBe('mcblas_gemm_bf16_nt_128x128x32_stage3');
    expect(a.top.map((t) => t.name)).not.toContain('mcModuleLoad');
    expect(a.deviceKernels).toBe(3);
    expect(a.deviceTotalUs).toBe(1_864_370 + 602_810 + 214_690);
    expect(a.categories.map((c) => [c.category, c.kernels, c.calls, Number(c.sharePct.toFixed(2))])).toEqual([
      ['gemm', 1, 82512, 32],
      ['attention', 1, 20160, 10.3],
      ['elementwise', 1, 60480, 1],
    ]);
    expect(a.unlistedPct).toBeUndefined();
  });

  it('gives each top kernel its category, share, calls, average and call pattern; a top-N table leaves the rest unlisted', () => {
    const a = analyseKernels(
      'p',
      profile([
        ['mcblas_gemm_bf16_nt_128x128x32_stage3', 82512, 1_864_370, 40.9],
        ['batched_gemm_bf16_strided_64x64', 1080, 688_240, 15.1],
        ['softmax_warp_forward_bf16', 540, 421_060, 9.24],
        ['elementwise_add_bf16_vec4', 60480, 214_690, 4.71],
        ['layer_norm_fwd_bf16', 1100, 57_640, 1.26],
      ]),
    );
    expect(a.top.map((t) => [t.rank, t.category, t.sharePct, t.calls, Number(t.avgUs.toFixed(2)), t.pattern])).toEqual([
      [1, 'gemm', 40.9, 82512, 22.6, 'many-short'],
      [2, 'gemm', 15.1, 1080, 637.26, 'few-long'],
      [3, 'softmax', 9.24, 540, 779.74, 'few-long'],
      [4, 'elementwise', 4.71, 60480, 3.55, 'launch-bound'],
      [5, 'normalization', 1.26, 1100, 52.4, 'moderate'],
    ]);
    expect(a.unlistedPct).toBeCloseTo(100 - 71.21, 9);
    expect(a.topCategory).toMatchObject({ category: 'gemm', kernels: 2, calls: 83592 });
    expect(a.topCategory!.sharePct).toBeCloseTo(56, 9);
  });

  it('call patterns: launch-bound is a few µs over many calls', () => {
    expect(callPattern(60480, 3.55)).toBe('launch-bound');
    expect(callPattern(999, 3.55)).toBe('many-short');
    expect(callPattern(50, 3.55)).toBe('moderate');
    expect(callPattern(20, 1571)).toBe('few-long');
  });

  it('category rows add up to the device kernels, whatever the mix (property)', () => {
    const names = Object.keys(fixture.names);
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.constantFrom(...names), calls: fc.integer({ min: 1, max: 1e6 }), totalUs: fc.integer({ min: 1, max: 1e9 }) }), { minLength: 1, maxLength: 30 }), (rows) => {
        const unique = [...new Map(rows.map((r) => [r.name, r])).values()].sort((x, y) => y.totalUs - x.totalUs);
        const total = unique.reduce((s, r) => s + r.totalUs, 0);
        const a = analyseKernels('p', { kind: 'kernel-profile', tool: 'chrome-trace', totalUs: total, kernels: unique.map((r) => ({ ...r, avgUs: r.totalUs / r.calls, pct: (100 * r.totalUs) / total })) });
        const device = unique.filter((r) => categorize(r.name) !== 'runtime');
        expect(a.categories.reduce((s, c) => s + c.kernels, 0)).toBe(device.length);
        expect(a.categories.reduce((s, c) => s + c.totalUs, 0)).toBe(device.reduce((s, r) => s + r.totalUs, 0));
        expect(a.runtime.length + a.deviceKernels).toBe(unique.length);
        if (a.bottleneck) expect(categorize(a.bottleneck.name)).not.toBe('runtime');
      }),
      { numRuns: 200 },
    );
  });
});

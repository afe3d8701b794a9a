import { describe, expect, it } from 'vitest';
import { githubSlug, slugsInOrder } from '../../src/markdown/slug.js';

describe('githubSlug', () => {
  // Anchors as GitHub shows them for these headings (github-slugger: lower case, punctuation
  // dropped, each space a hyphen, letters of every script kept).
  it.each([
    ['5. Benchmark 矩阵', '5-benchmark-矩阵'],
    ['1. 背景与目标', '1-背景与目标'],
    ['8.1 GPU 利用率', '81-gpu-利用率'],
    ['8. Profiling 证据与限制', '8-profiling-证据与限制'],
    ['6. 正式 Benchmark', '6-正式-benchmark'],
    ['变更记录（V1.1）', '变更记录v11'],
    ['结论：阶段一完成、下一步', '结论阶段一完成下一步'],
    ['max_num_seqs x max_model_len', 'max_num_seqs-x-max_model_len'],
    ['P95/P50 ≥ 3 ★', 'p95p50--3-'],
    ['  Trim  me ', 'trim--me'],
  ])('%s -> %s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  it('numbers repeated headings like GitHub', () => {
    expect(slugsInOrder(['证据', '证据', '证据 1'])).toEqual(['证据', '证据-1', '证据-1-1']);
  });
});

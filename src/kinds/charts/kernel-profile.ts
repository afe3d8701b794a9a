import { fixed } from '../../render/format.js';
import { CONFIG, COLORS, fileSlug, round, shorten, type ChartSpec, type KindCharts } from '../../render/charts/specs.js';
import type { ChartLang } from '../../render/charts/labels.js';

interface Words {
  kernelAxis: string;
  kernelsTitle: string;
  categoriesTitle: string;
  topKernelsTitle: string;
  kernelsAlt: (shown: number, top: string, pct: string, category?: string, categoryPct?: string) => string;
  /** A kernel category code (analysis/kernel-categories.ts) in words. */
  category: (code: string) => string;
}

const WORDS: Record<ChartLang, Words> = {
  zh: {
    kernelAxis: 'GPU 时间占比 (%)',
    kernelsTitle: 'kernel 耗时分布',
    categoriesTitle: '按类别',
    topKernelsTitle: '耗时最高的 kernel',
    kernelsAlt: (shown, top, pct, cat, catPct) =>
      `kernel 耗时分布条形图：${cat !== undefined ? `占比最高的类别为${cat}（${catPct}%），` : ''}耗时最高的 ${shown} 个 kernel 中最高为 ${top}，占 ${pct}%`,
    category: (c) => CATEGORY_WORDS.zh[c] ?? c,
  },
  en: {
    kernelAxis: 'Share of GPU time (%)',
    kernelsTitle: 'Where GPU time goes',
    categoriesTitle: 'By category',
    topKernelsTitle: 'Top kernels',
    kernelsAlt: (shown, top, pct, cat, catPct) =>
      `Bar charts of GPU time: ${cat !== undefined ? `the largest category is ${cat} at ${catPct}%, ` : ''}of the top ${shown} kernels the largest is ${top} at ${pct}%`,
    category: (c) => CATEGORY_WORDS.en[c] ?? c,
  },
};

const KERNELS_SHOWN = 10;
const KERNEL_NAME_CHARS = 60;

/** Each kernel profile: its categories and top kernels by share of GPU time. */
export const charts: KindCharts = {
  draw(view, analysis) {
    const w = WORDS[view.lang];
    const out: ChartSpec[] = [];
    for (const k of analysis.kernels) {
      const top = k.top.slice(0, KERNELS_SHOWN);
      if (!top.length) continue;
      const values = top.map((x) => ({ rank: x.rank, kernel: `${x.rank}. ${shorten(x.name, KERNEL_NAME_CHARS)}`, pct: round(x.sharePct, 2) }));
      const categories = k.categories.map((c, i) => ({ rank: i + 1, category: w.category(c.category), pct: round(c.sharePct, 2) }));
      out.push({
        entryId: k.id,
        file: `kernels-${fileSlug(k.id)}.svg`,
        alt: w.kernelsAlt(top.length, shorten(top[0]!.name, KERNEL_NAME_CHARS), fixed(top[0]!.sharePct, 2), k.topCategory ? w.category(k.topCategory.category) : undefined, k.topCategory ? fixed(k.topCategory.sharePct, 2) : undefined),
        spec: kernelsSpec(values, categories, w),
      });
    }
    return out;
  },
};

function kernelsSpec(values: { rank: number; kernel: string; pct: number }[], categories: { rank: number; category: string; pct: number }[], w: Words): Record<string, unknown> {
  const bars = (field: string, title: string | null, rows: Record<string, unknown>[], width: number) => {
    const y = { field, type: 'nominal', title: null, sort: { field: 'rank', order: 'ascending' } };
    return {
      title,
      data: { values: rows },
      width,
      height: { step: 22 },
      layer: [
        { mark: { type: 'bar', color: COLORS.main }, encoding: { y, x: { field: 'pct', type: 'quantitative', title: w.kernelAxis } } },
        { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { y, x: { field: 'pct', type: 'quantitative' }, text: { field: 'pct', type: 'quantitative', format: '.2f' } } },
      ],
    };
  };
  return { config: CONFIG, title: w.kernelsTitle, vconcat: [bars('category', w.categoriesTitle, categories, 320), bars('kernel', w.topKernelsTitle, values, 320)] };
}

/** Kernel category codes in words (the report's templates use the same words). */
const CATEGORY_WORDS: Record<ChartLang, Record<string, string>> = {
  zh: { gemm: 'GEMM/矩阵乘', attention: '注意力', normalization: '归一化', elementwise: '逐元素/激活', softmax: 'Softmax/归约', memcpy: '拷贝/置零', communication: '通信', convolution: '卷积', other: '其他' },
  en: { gemm: 'GEMM/matmul', attention: 'attention', normalization: 'normalization', elementwise: 'elementwise/activation', softmax: 'softmax/reduction', memcpy: 'memcpy/memset', communication: 'communication', convolution: 'convolution', other: 'other' },
};

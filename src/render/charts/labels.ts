/**
 * Charts are drawn in code, not from templates, so their few words live with each kind's charts
 * (`src/kinds/charts/<kind>.ts`), one table per document language; the words several kinds'
 * charts share are here.
 */
export type ChartLang = 'zh' | 'en';

export interface CommonWords {
  timeAxis: string;
}

export const COMMON_WORDS: Record<ChartLang, CommonWords> = {
  zh: { timeAxis: '时间 (s)' },
  en: { timeAxis: 'Time (s)' },
};

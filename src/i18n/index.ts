import { en } from './en.js';
import type { Catalogue } from './types.js';
import { zh } from './zh.js';

export type { Catalogue } from './types.js';

const CATALOGUES: Record<'zh' | 'en', Catalogue> = { zh, en };

export function catalogue(lang: 'zh' | 'en'): Catalogue {
  return CATALOGUES[lang];
}

export type Section = keyof Catalogue;

/**
 * The words for `key` in one section of a catalogue, its `{name}` slots filled from `data`
 * (numbers as the record states them). Undefined when the catalogue has no such key, so the
 * caller decides what a document shows instead (never the bare code as if it were a word).
 */
export function message(cat: Catalogue, section: Section, key: string, data: Record<string, unknown> = {}): string | undefined {
  const table = cat[section] as Record<string, string>;
  if (!Object.hasOwn(table, key)) return undefined;
  return table[key]!.replace(/\{(\w+)\}/g, (slot, name: string) => {
    const v = data[name];
    return v === undefined || v === null ? '-' : String(v);
  });
}

import type Handlebars from 'handlebars';
import { catalogue, message, type Section } from '../i18n/index.js';
import { code } from './format.js';

/**
 * `{{t "<section>" key data}}`: the words of the document's language for a code the records
 * carry (an event code, a role, a tool-error reason or remedy key, an environment field), with
 * `{name}` slots filled from `data`. A key the catalogue lacks shows as inline code, never as a
 * word; the catalogue tests keep both languages complete for every code the adapters emit.
 */
export function registerMessages(hb: typeof Handlebars, lang: 'zh' | 'en'): void {
  const cat = catalogue(lang);
  hb.registerHelper('t', (section: unknown, key: unknown, ...rest: unknown[]) => {
    const data = rest.length > 1 && typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as Record<string, unknown>) : {};
    if (typeof section !== 'string' || !(section in cat)) throw new Error(`{{t}}: unknown catalogue section '${String(section)}'`);
    return message(cat, section as Section, String(key), data) ?? code(key);
  });
}

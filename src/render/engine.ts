import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Handlebars from 'handlebars';
import { error, UsageError } from '../diagnostics/diagnostic.js';
import { wrapRegion } from '../markdown/regions.js';
import { templatesDir } from '../paths.js';
import { registerMessages } from './messages.js';
import { bytes, cell, code, fixed, seconds, signedPct } from './format.js';
import { altText, headingText, inlineText, linkText } from './escape.js';
import type { DocName } from './names.js';

/**
 * Handlebars set up for Markdown: no HTML escaping (the output is Markdown, and `cell` escapes
 * what a table needs), strict mode off so a missing optional value renders empty, and a
 * `region` block helper that wraps generated content in its markers with its digest.
 */
export interface Engine {
  render(doc: DocName, view: object): string;
  /** The document, and the ids of regions the template declares that came out empty (left out). */
  renderDocument(doc: DocName, view: object): { text: string; omitted: string[] };
}

export function createEngine(lang: 'zh' | 'en', overrideDir?: string, precompiled: Precompiled = loadPrecompiled(lang), setTemplates: readonly string[] = []): Engine {
  const hb = Handlebars.create();
  const compile = (text: string): Handlebars.TemplateDelegate => {
    const spec = precompiled[templateKey(text)];
    return spec !== undefined ? hb.template(spec) : hb.compile(text, COMPILE_OPTIONS);
  };
  // Regions that render empty (a section that does not apply) are left out of the document; the
  // update drops an intact empty region an older render wrote (see updateDocument's `omitted`).
  let omitted: string[] = [];
  registerHelpers(hb, (id) => omitted.push(id));
  registerMessages(hb, lang);
  // Later folders replace earlier ones by name: built-in, the user's folder, its language subfolder.
  const builtIn = path.join(templatesDir, lang);
  const dirs = [builtIn, ...(overrideDir ? [overrideDir, path.join(overrideDir, lang)] : [])];
  // A folder of the user's replaces built-in templates by name, or supplies those of the set in use.
  const known = [...new Set([...templateNames(builtIn), ...setTemplates])].sort();
  const sources = new Map<string, { file: string; text: string }>();
  for (const dir of dirs) {
    const partialsDir = path.join(dir, 'partials');
    if (existsSync(partialsDir)) {
      for (const f of readdirSync(partialsDir).filter((x) => x.endsWith('.hbs')).sort()) {
        hb.registerPartial(f.replace(/\.(md\.)?hbs$/, ''), compile(partialText(readFileSync(path.join(partialsDir, f), 'utf8'))));
      }
    }
    if (dir !== builtIn && existsSync(dir)) {
      const unknown = templateNames(dir).filter((n) => !known.includes(n));
      if (unknown.length) {
        const files = unknown.map((n) => path.join(dir, `${n}.md.hbs`));
        const expected = known.map((d) => `${d}.md.hbs`).join(', ');
        throw new UsageError(
          `unknown template ${files.join(', ')}: a folder of templates holds ${expected} and partials/*.hbs`,
          files.map((f) => error('templates.unknown', `unknown template name (expected one of ${expected})`, { file: f })),
        );
      }
    }
    for (const doc of existsSync(dir) ? templateNames(dir) : []) sources.set(doc, { file: path.join(dir, `${doc}.md.hbs`), text: readFileSync(path.join(dir, `${doc}.md.hbs`), 'utf8') });
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const run = (doc: DocName, view: object): string => {
    let t = compiled.get(doc);
    if (!t) {
      const src = sources.get(doc);
      if (src === undefined) throw new Error(`no template ${doc}.md.hbs for language '${lang}'`);
      t = compile(src.text);
      compiled.set(doc, t);
      try {
        return tidyMarkdown(t(view));
      } catch (e) {
        // Handlebars compiles on first use: a syntax error in a user's template (or partial) shows up here.
        const line = /line (\d+)/.exec((e as Error).message)?.[1];
        throw new UsageError(`template ${src.file}: ${(e as Error).message.split('\n')[0]}`, [
          error('templates.invalid', (e as Error).message.split('\n')[0]!, { file: src.file, ...(line ? { line: Number(line), column: 1 } : {}) }),
        ]);
      }
    }
    return tidyMarkdown(t(view));
  };
  const renderDocument = (doc: DocName, view: object) => {
    omitted = [];
    const text = run(doc, view);
    return { text, omitted: [...new Set(omitted)] };
  };
  return { renderDocument, render: (doc, view) => renderDocument(doc, view).text };
}

/** Names of the document templates (`<name>.md.hbs`) in a folder. */
function templateNames(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md.hbs')).map((f) => f.slice(0, -'.md.hbs'.length)).sort() : [];
}

export const COMPILE_OPTIONS = { noEscape: true } as const;

/** A partial's final newline would break the table cell or sentence it is used in. */
export function partialText(raw: string): string {
  return raw.replace(/\r?\n$/, '');
}

/** Templates compiled by the build, by `templateKey` of their text. */
export type Precompiled = Record<string, Parameters<typeof Handlebars.template>[0]>;

/** Key of a template text among the precompiled ones. */
export function templateKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** File the build writes beside this module for one language's templates (see precompile-templates.ts). */
export function precompiledFile(lang: string): string {
  return `templates.precompiled.${lang}.cjs`;
}

/**
 * The bundled templates as `npm run build` precompiled them, which spares Handlebars' compiler
 * (about 150 ms a render). Running from the sources there are none: every template compiles.
 * Keyed by text, so an edited or overriding template is compiled as it is.
 */
function loadPrecompiled(lang: string): Precompiled {
  try {
    return createRequire(import.meta.url)(`./${precompiledFile(lang)}`) as Precompiled;
  } catch {
    return {};
  }
}

function registerHelpers(hb: typeof Handlebars, omit: (id: string) => void): void {
  hb.registerHelper('region', function (this: unknown, id: string, options: Handlebars.HelperOptions) {
    const body = tidyMarkdown(options.fn(this));
    if (body.trim() === '') {
      omit(id);
      return '';
    }
    // The trailing newline keeps the blank line that follows `{{/region}}` in the template.
    return wrapRegion(id, body) + '\n';
  });
  // `{{section "<id>"}}`: a generated region of the stage templates (see render.ts stageSections),
  // so a design or operator RFC carries the very regions the stage report does.
  hb.registerHelper('section', function (id: string, options: Handlebars.HelperOptions) {
    const sections = (options.data as { root?: { sections?: { regions: Record<string, string>; omitted: string[] } } }).root?.sections;
    if (!sections) throw new Error(`{{section "${id}"}} is only available to templates of a document set other than stage`);
    const region = sections.regions[id];
    if (region !== undefined) return region + '\n';
    if (!sections.omitted.includes(id)) throw new Error(`{{section "${id}"}}: the stage templates have no region '${id}'`);
    omit(id);
    return '';
  });
  hb.registerHelper('fixed', (x: number, digits: unknown) => fixed(x, typeof digits === 'number' ? digits : 2));
  hb.registerHelper('seconds', (ms: number) => seconds(ms));
  hb.registerHelper('bytes', (n: number) => bytes(n));
  hb.registerHelper('signedPct', (x: number) => signedPct(x));
  // `code` output is already escaped for any place, a table cell included: `(cell (code x))` keeps it as it is.
  hb.registerHelper('cell', (x: unknown) => (x instanceof hb.SafeString ? x.toString() : cell(x)));
  hb.registerHelper('code', (x: unknown) => new hb.SafeString(code(x)));
  // Escaping for where a value lands (src/render/escape.ts): prose, a heading, link text, alt text.
  hb.registerHelper('text', (x: unknown) => inlineText(x ?? ''));
  hb.registerHelper('heading', (x: unknown) => headingText(x ?? ''));
  hb.registerHelper('linkText', (x: unknown) => linkText(x ?? ''));
  hb.registerHelper('alt', (x: unknown) => altText(x ?? ''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('not', (a: unknown) => !a);
  // `or` yields the first truthy value (not a boolean), so it also serves as a default.
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find(Boolean) ?? '');
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('inc', (a: number) => a + 1);
  hb.registerHelper('join', (xs: unknown[], sep: unknown) => (Array.isArray(xs) ? xs.join(typeof sep === 'string' ? sep : ', ') : ''));
}

/**
 * The community repo's hygiene: no trailing whitespace, no runs of blank lines (markdownlint
 * MD012), blank lines around headings (MD022), exactly one final newline. Generated text has
 * no fenced code blocks, so these line rules cannot touch code. Applied to region bodies before their digest and to the
 * whole document, so both agree.
 */
export function tidyMarkdown(s: string): string {
  const lines = s.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').split('\n');
  // Headings get a blank line on both sides (markdownlint MD022), except next to a region
  // marker: a region's content is tidied (and digested) alone, so the whole document must not
  // add lines inside it afterwards.
  const heading = (l: string | undefined) => l !== undefined && /^#{1,6} /.test(l);
  const marker = (l: string | undefined) => l !== undefined && /^<!-- rfc-evidence:(begin|end) /.test(l);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const prev = out[out.length - 1];
    if (heading(line) && prev !== undefined && prev !== '' && !marker(prev)) out.push('');
    out.push(line);
    const next = lines[i + 1];
    if (heading(line) && next !== undefined && next !== '' && !marker(next)) out.push('');
  });
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').replace(/\n*$/, '\n');
}

/**
 * One language per document: the catalogues (src/i18n/) have words for every code the adapters
 * emit, in both languages with the same slots, and a Chinese document's generated regions hold
 * no English sentence outside code spans, paths, numbers and names.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import type { Catalogue } from '../../src/i18n/types.js';
import { EVENT_CODES, REMEDY_KEYS } from '../../src/i18n/types.js';
import { zh } from '../../src/i18n/zh.js';
import { findRegions } from '../../src/markdown/regions.js';
import { ROLES } from '../../src/records.js';
import { planRender } from '../../src/render/render.js';
import { example, repoRoot } from '../render/charts-helpers.js';

const adapterFixtures = path.join(repoRoot, 'test/fixtures/adapters');

function expectedRecords(dir = adapterFixtures): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return expectedRecords(p);
    return f.endsWith('.expected.json') ? [readFileSync(p, 'utf8')] : [];
  });
}

const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * English sentences in generated Chinese text: three or more Latin words in a row, once inline
 * code, link targets, URLs, paths and identifiers (anything with a digit, `_`, `=`, `/`, `.` or
 * `-` inside) are set aside. Names of one or two words (MetaX C500, CUDA Graph) are not sentences.
 */
function latinSentences(markdown: string): string[] {
  const text = markdown
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\]\([^)\s]*\)/g, '] ')
    .replace(/https?:\/\/\S+/g, ' ');
  const out: string[] = [];
  for (const segment of text.split(/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef|\n]+/)) {
    let run: string[] = [];
    const flush = () => {
      if (run.length >= 3) out.push(run.join(' '));
      run = [];
    };
    for (const token of segment.split(/\s+/)) {
      const word = token.replace(/^[("'[*]+|[)"'\],.;:!?*]+$/g, '');
      if (/^[A-Za-z]{2,}$/.test(word)) {
        run.push(word);
        if (/[,.;:!?]$/.test(token) && !/[,]$/.test(token)) flush();
      } else flush();
    }
    flush();
  }
  return out;
}

describe('message catalogues', () => {
  const both: [string, Catalogue][] = [
    ['zh', zh],
    ['en', en],
  ];

  it('name every event code, remedy key and role the adapters and records use', () => {
    const records = expectedRecords();
    expect(records.length).toBeGreaterThan(20);
    const codes = new Set(records.flatMap((t) => [...t.matchAll(/"code": "([^"]+)"/g)].map((m) => m[1]!)));
    const remedies = new Set(records.flatMap((t) => [...t.matchAll(/"remedy": "([^"]+)"/g)].map((m) => m[1]!)));
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((c) => !(EVENT_CODES as readonly string[]).includes(c))).toEqual([]);
    expect(remedies.size).toBeGreaterThan(1);
    expect([...remedies].filter((r) => !(REMEDY_KEYS as readonly string[]).includes(r))).toEqual([]);
    for (const [lang, cat] of both) {
      expect(Object.keys(cat.events).sort(), lang).toEqual([...EVENT_CODES].sort());
      expect(Object.keys(cat.roles).sort(), lang).toEqual([...ROLES].sort());
      expect(Object.keys(cat.remedies).sort(), lang).toEqual([...REMEDY_KEYS].sort());
    }
  });

  it('name every region the templates declare (the change log shows section names, not ids)', () => {
    const templates = path.join(repoRoot, 'templates');
    const ids = new Set<string>();
    for (const lang of ['zh', 'en']) {
      const dir = path.join(templates, lang);
      for (const f of [...readdirSync(dir).filter((x) => x.endsWith('.hbs')).map((x) => path.join(dir, x)), ...readdirSync(path.join(dir, 'partials')).map((x) => path.join(dir, 'partials', x))]) {
        for (const m of readFileSync(f, 'utf8').matchAll(/\{\{(?:#region|section) "([^"]+)"\}\}/g)) ids.add(m[1]!);
      }
    }
    expect(ids.size).toBeGreaterThan(15);
    for (const [lang, cat] of both) expect([...ids].filter((id) => !Object.hasOwn(cat.regions, id)), lang).toEqual([]);
  });

  it('have the same keys and the same {slots} in both languages, and no empty message', () => {
    for (const section of Object.keys(zh) as (keyof Catalogue)[]) {
      const z = zh[section] as Record<string, string>;
      const e = en[section] as Record<string, string>;
      expect(Object.keys(e).sort(), section).toEqual(Object.keys(z).sort());
      for (const k of Object.keys(z)) {
        expect(z[k]!.trim(), `zh ${section}.${k}`).not.toBe('');
        expect(e[k]!.trim(), `en ${section}.${k}`).not.toBe('');
        expect(slots(e[k]!), `${section}.${k}`).toEqual(slots(z[k]!));
      }
    }
  });

  it('zh messages are Chinese: no English sentence outside code spans', () => {
    for (const section of Object.keys(zh) as (keyof Catalogue)[]) {
      for (const [k, v] of Object.entries(zh[section] as Record<string, string>)) expect(latinSentences(v), `${section}.${k}`).toEqual([]);
    }
  });
});

describe('one language per document', () => {
  it('finds the English sentences the issue reported in a Chinese region, and passes names and code', () => {
    expect(latinSentences('| py-spy | sysctl -w kernel.yama.ptrace_scope=0 (as root), or start the target under py-spy: py-spy record -- <cmd> |')).toEqual([
      'as root or start the target under',
    ]);
    expect(latinSentences('- 耗时最高的 kernel 为 `mcblas_gemm_bf16_nt`，硬件 MetaX C500，见 [env/environment](evidence/env/environment.txt)。')).toEqual([]);
  });

  it('the generated regions of every Chinese document (committed and fresh) hold no English sentence', async () => {
    const { config, manifest } = example();
    const fresh = (await planRender(config, manifest, { lang: 'zh', startOver: true })).documents.map((d) => [d.doc, d.text] as const);
    // Every committed document whose regions record says it is Chinese, in every project folder.
    const rfcs = path.join(repoRoot, 'rfcs');
    const committed = readdirSync(rfcs)
      .flatMap((p) => readdirSync(path.join(rfcs, p)).filter((f) => f.endsWith('.md')).map((f) => path.join(rfcs, p, f)))
      .map((f) => [path.relative(rfcs, f), readFileSync(f, 'utf8')] as const)
      .filter(([, text]) => findRegions(text).record?.lang === 'zh');
    expect(committed.length).toBeGreaterThanOrEqual(5);
    for (const [name, text] of [...fresh, ...committed]) {
      const regions = findRegions(text).regions;
      expect(regions.length, name).toBeGreaterThan(2);
      for (const r of regions) expect(latinSentences(r.content), `${name} region ${r.id}`).toEqual([]);
    }
  });
});

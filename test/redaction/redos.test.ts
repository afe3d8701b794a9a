/**
 * Every regular expression that sees user text is linear. Structurally: no rule quantifies a
 * group that itself holds an unbounded quantifier, and no regular expression in src/ has two
 * unbounded quantifiers that can meet over classes sharing a character (`\s*\s*`, `\d+[\w.]*`:
 * quadratic, minutes on a 1 MiB line). Measured: each rule, the whole redaction and
 * the console-capture header reader on 1 MiB adversarial lines (long runs of the characters the
 * patterns start with, their own examples repeated without separators). The bound is generous
 * (the machine running the suite is shared); a catastrophic pattern takes seconds to minutes.
 */
import { readFileSync } from 'node:fs';
import { globbySync } from 'globby';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commandHeader } from '../../src/adapters/_capture.js';
import { RULES } from '../../src/evidence/redaction-rules.js';
import { redactText } from '../../src/evidence/redact.js';
import { adjacentOverlapping } from './regex-structure.js';

const MB = 1 << 20;
/** Quadratic backtracking on 1 MiB takes minutes; linear work takes milliseconds. The bound sits
 * far from both, so a machine busy with other jobs cannot fail a linear regex. */
const BOUND_MS = 3000;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const GENERIC = ['a', ' ', '\t', '-', '---', '--- ', '=', '= ', '#', '# ', 'a=', 'a:', '/a=', 'a.', 'a-', '0.', '10.', '@', 'a@', 'a@a.', '%', '"a":', "'", '--a ', 'eyJ', 'eyJa.', '\\', '/home/', '/data/a', 'C:\\Users\\', '-----BEGIN PRIVATE KEY-----', 'Bearer ', 'Authorization: ', 'x://', 'x://a:', 'a:a', 'ghp_', 'sk-', 'Linux a ', '$ ', 'a@b:~$'];

function timed(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** Group bodies quantified with +, * or {n,} that themselves contain an unbounded quantifier. */
function nestedUnbounded(source: string): string[] {
  const s = source.replace(/\\./g, 'e').replace(/\[[^\]]*\]/g, 'c');
  const out: string[] = [];
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') open.push(i);
    else if (s[i] === ')') {
      const start = open.pop()!;
      const after = s.slice(i + 1);
      if (/^(?:[+*]|\{\d+,\})/.test(after) && /[+*]|\{\d+,\}/.test(s.slice(start + 1, i).replace(/^\?(?:<?[=!]|<\w+>|:)/, ''))) out.push(s.slice(start, i + 1));
    }
  }
  return out;
}

describe('the structural checks see what they claim to', () => {
  it.each([
    [/\s*\s*x/, ['\\s…\\s']],
    [/a[-\s]*\s+b/, ['[-\\s]…\\s']],
    [/\s*,?\s+/, ['\\s…\\s']],
    [/[a-z]+\d+/, []],
    [/\s*(?:x)\s*/, []],
    [/\s*=\s*/, []],
    [/\w+\.\w+/, []],
  ])('%s', (re, expected) => {
    expect(adjacentOverlapping(re)).toEqual(expected);
  });
});

/** Every regular expression literal in src/, with where it is. */
function sourceRegexes(): { where: string; re: RegExp }[] {
  const out: { where: string; re: RegExp }[] = [];
  for (const file of globbySync('src/**/*.ts')) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(sf);
        const end = text.lastIndexOf('/');
        out.push({ where: `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`, re: new RegExp(text.slice(1, end), text.slice(end + 1)) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

describe('every regular expression in src/', () => {
  it('has no adjacent unbounded quantifiers over overlapping classes', () => {
    const regexes = sourceRegexes();
    expect(regexes.length).toBeGreaterThan(100);
    expect(regexes.flatMap(({ where, re }) => adjacentOverlapping(re).map((f) => `${where} /${re.source}/ ${f}`))).toEqual([]);
  });
});

describe('redaction rules are linear', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s: no adjacent unbounded quantifiers over overlapping classes', (_id, rule) => {
    expect(adjacentOverlapping(rule.re)).toEqual([]);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s: no nested unbounded quantifier', (_id, rule) => {
    expect(nestedUnbounded(rule.re.source)).toEqual([]);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s: 1 MiB adversarial lines', (_id, rule) => {
    const units = [...GENERIC, ...rule.examples.flatMap((e) => [e.text, e.text.slice(0, -1), e.text.slice(0, 8), e.text.replace(/\s/g, '')])];
    const worst = Math.max(...units.map((u) => timed(() => redactText(fill(u), [rule]))));
    expect(worst).toBeLessThan(BOUND_MS);
  });

  it('all rules together on a 1 MiB line of each kind', () => {
    for (const u of ['a=', '--- ', 'a@a.', 'Authorization: Bearer ']) expect(timed(() => redactText(fill(u)))).toBeLessThan(4 * BOUND_MS);
  });
});

describe('console capture headers are read in linear time', () => {
  it.each(GENERIC.map((u) => [JSON.stringify(u)]))('%s', (u) => {
    const unit = JSON.parse(u) as string;
    for (const line of [fill(unit), `--- ${fill(unit)}`, `---${fill(' ')}x`, `==== ${fill(unit)} ====`, `## ${fill(unit)}`]) expect(timed(() => commandHeader(line))).toBeLessThan(BOUND_MS);
  });
  it('still reads real headers', () => {
    expect(commandHeader(`---- uname -a ----${' '.repeat(10_000)}`)).toBe('uname -a');
    expect(commandHeader('------ -------')).toBeUndefined();
  });
});

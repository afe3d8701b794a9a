import { isSecretKey, isSecretValue, RULES, type RedactionRule } from './redaction-rules.js';

/**
 * The redaction stage: replaces the secret part of every match of the rules in
 * `redaction-rules.ts` and counts replacements per rule (never keeping the value). Applied to
 * published copies (redactText) and to every string of a record, summary or diagnostic
 * (redactValue), so nothing a rule knows reaches manifest.json or a document.
 */

export interface Redaction {
  text: string;
  /** Rule id -> replacements made. Empty when nothing changed. */
  counts: Record<string, number>;
  /** The values replaced, so the same values can be removed wherever a parser put them (see redactValue). */
  secrets: string[];
}

const SECRET_GROUPS = ['s', 's2', 's3'] as const;
/** What a masked value looks like (`***`, maybe followed by what the value pattern also took, or `~`): not a finding. */
const MASKED = /^(?:\*{3}|~$)/;

/** Compiled once: each rule with the `d` flag, for the secret group's position. */
const compiled = RULES.map(compile);

/** Indices (the `d` flag) cost time on every match: only rules that locate the secret by group need them. */
function compile(rule: RedactionRule): { rule: RedactionRule; re: RegExp } {
  const flags = rule.secretAfter || rule.re.flags.includes('d') ? rule.re.flags : `${rule.re.flags}d`;
  return { rule, re: new RegExp(rule.re.source, flags) };
}

export function redactText(text: string, rules: readonly RedactionRule[] = RULES): Redaction {
  const counts: Record<string, number> = {};
  const secrets = new Set<string>();
  let out = text;
  for (const { rule, re } of rules === RULES ? compiled : rules.map(compile)) {
    out = applyRule(out, rule, re, counts, secrets);
  }
  return { text: out, counts, secrets: [...secrets] };
}

function applyRule(text: string, rule: RedactionRule, re: RegExp, counts: Record<string, number>, secrets: Set<string>): string {
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let n = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const groups = m.groups ?? {};
    if (rule.accept && !rule.accept(groups)) continue;
    const at = rule.secretAfter ? rule.secretAfter(text, m.index + m[0].length, groups) : m.indices?.groups?.[SECRET_GROUPS.find((g) => groups[g] !== undefined) ?? ''];
    if (at === undefined || MASKED.test(text.slice(at[0], at[1]))) continue;
    secrets.add(text.slice(at[0], at[1]));
    out += text.slice(last, at[0]) + (rule.mask ?? '***');
    last = at[1];
    re.lastIndex = Math.max(re.lastIndex, at[1]);
    n++;
  }
  if (n === 0) return text;
  counts[rule.id] = (counts[rule.id] ?? 0) + n;
  return out + text.slice(last);
}

/** Known secrets shorter than this are not replaced literally (too likely to be ordinary text). */
const MIN_KNOWN = 6;

/**
 * Redact every string inside a JSON-like value (object keys are kept): by the rules, by the
 * whole value of a key that names a secret (`{"api_key": "..."}`, `params.password`), and by
 * the `known` secrets redaction found in the source file, so a fragment a parser cut out of a
 * line (a CSV cell, half of a `key: value`) loses its secret too. Returns a new value; `counts`
 * collects the rules that fired.
 */
export function redactValue<T>(value: T, counts: Record<string, number> = {}, known: readonly string[] = []): T {
  const literal = [...new Set(known)].filter((s) => s.length >= MIN_KNOWN).sort((a, b) => b.length - a.length);
  const visit = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key !== undefined && isSecretKey(key) && isSecretValue(v) && !MASKED.test(v)) {
        counts['key-value-secret'] = (counts['key-value-secret'] ?? 0) + 1;
        return '***';
      }
      if (v.length < 4) return v;
      const r = redactText(v);
      for (const [k, c] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + c;
      let text = r.text;
      for (const s of literal) text = removeKnown(text, s, counts);
      return text;
    }
    if (Array.isArray(v)) return v.map((x) => visit(x));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = visit(x, k);
      return out;
    }
    return v;
  };
  return visit(value) as T;
}

/**
 * Replace `secret` in `text`, also where a message cut it short: a start of it (at least
 * MIN_KNOWN characters) that ends the text or is followed by an ellipsis, quote, backtick or space.
 */
function removeKnown(text: string, secret: string, counts: Record<string, number>): string {
  const head = secret.slice(0, MIN_KNOWN);
  let out = '';
  let last = 0;
  for (let i = text.indexOf(head); i >= 0; i = text.indexOf(head, i + 1)) {
    if (i < last) continue;
    let k = MIN_KNOWN;
    while (k < secret.length && text[i + k] === secret[k]) k++;
    if (k < secret.length && i + k < text.length && !/[…`'"\s.]/.test(text[i + k]!)) continue;
    out += text.slice(last, i) + '***';
    last = i + k;
    counts['known-secret'] = (counts['known-secret'] ?? 0) + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** One string, redacted (for diagnostics and file names). */
export function redactString(s: string): string {
  return redactText(s).text;
}

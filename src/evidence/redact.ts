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
}

const SECRET_GROUPS = ['s', 's2', 's3'] as const;
/** What a masked value looks like: a secret group that is already this is not a finding. */
const MASKED = /^(?:\*{3,}|~)$/;

/** Compiled once: each rule with the `d` flag, for the secret group's position. */
const compiled = RULES.map(compile);

/** Indices (the `d` flag) cost time on every match: only rules that locate the secret by group need them. */
function compile(rule: RedactionRule): { rule: RedactionRule; re: RegExp } {
  const flags = rule.secretAfter || rule.re.flags.includes('d') ? rule.re.flags : `${rule.re.flags}d`;
  return { rule, re: new RegExp(rule.re.source, flags) };
}

export function redactText(text: string, rules: readonly RedactionRule[] = RULES): Redaction {
  const counts: Record<string, number> = {};
  let out = text;
  for (const { rule, re } of rules === RULES ? compiled : rules.map(compile)) {
    out = applyRule(out, rule, re, counts);
  }
  return { text: out, counts };
}

function applyRule(text: string, rule: RedactionRule, re: RegExp, counts: Record<string, number>): string {
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
    out += text.slice(last, at[0]) + (rule.mask ?? '***');
    last = at[1];
    re.lastIndex = Math.max(re.lastIndex, at[1]);
    n++;
  }
  if (n === 0) return text;
  counts[rule.id] = (counts[rule.id] ?? 0) + n;
  return out + text.slice(last);
}

/**
 * Redact every string inside a JSON-like value (object keys are kept), and the whole string
 * value of a key that names a secret (`{"api_key": "..."}`, `params.password`), whatever it
 * looks like. Returns a new value; `counts` collects the rules that fired.
 */
export function redactValue<T>(value: T, counts: Record<string, number> = {}): T {
  const visit = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key !== undefined && isSecretKey(key) && isSecretValue(v) && !MASKED.test(v)) {
        counts['key-value-secret'] = (counts['key-value-secret'] ?? 0) + 1;
        return '***';
      }
      const r = redactText(v);
      for (const [k, c] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + c;
      return r.text;
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

/** One string, redacted (for diagnostics and file names). */
export function redactString(s: string): string {
  return redactText(s).text;
}

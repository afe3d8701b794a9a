import { isUtf8 } from 'node:buffer';

/**
 * Redaction of copied text evidence: secrets and home-directory paths are replaced so the copy
 * can be published. Each rule is a regex and a replacement; the counts say what was changed.
 */
interface Rule {
  id: string;
  re: RegExp;
  replace: string | ((...m: string[]) => string);
}

const RULES: Rule[] = [
  // https://user:password@host -> https://user:***@host
  { id: 'url-password', re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, replace: '$1:***@' },
  { id: 'bearer-token', re: /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, replace: '$1***' },
  {
    id: 'key-value-secret',
    re: /\b((?:api[_-]?key|access[_-]?token|auth[_-]?token|token|secret|password|passwd)\s*[=:]\s*["']?)(?=[^\s"'&,;]*[A-Za-z])([^\s"'&,;]{8,})/gi,
    replace: '$1***',
  },
  { id: 'aws-key', re: /\bAKIA[0-9A-Z]{16}\b/g, replace: 'AKIA****************' },
  { id: 'github-token', re: /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, replace: 'gh*_***' },
  { id: 'openai-key', re: /\bsk-[A-Za-z0-9_-]{16,}\b/g, replace: 'sk-***' },
  // /home/alice/... and /root/... -> ~/...: the author's machine layout is not evidence.
  { id: 'home-path', re: /(^|[\s"'=(:[,])(?:\/home\/[A-Za-z0-9._-]+|\/root)(?=\/)/gm, replace: '$1~' },
];

export interface Redaction {
  text: string;
  /** Rule id -> replacements made. Empty when nothing changed. */
  counts: Record<string, number>;
}

export function redactText(text: string): Redaction {
  const counts: Record<string, number> = {};
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.re, (...args: unknown[]) => {
      counts[rule.id] = (counts[rule.id] ?? 0) + 1;
      const m = args.slice(0, -2) as string[];
      return typeof rule.replace === 'string' ? rule.replace.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '') : rule.replace(...m);
    });
  }
  return { text: out, counts };
}

/** Whether a buffer is text we may rewrite (UTF-8, no NUL bytes). */
export function isRedactableText(buf: Buffer): boolean {
  return !buf.includes(0) && isUtf8(buf);
}

import type { Config, RfcMeta } from '../config.js';
import { redactValue } from '../evidence/redact.js';

/**
 * The config's `rfc` block as documents may show it: its free text (title, description,
 * background, conclusion, nextSteps, risks, sections, anything added later) goes through the
 * same redaction rules as the evidence, since an author can paste a command line or a log line
 * with a token into it. Kept as written: the names, dates and versions the documents' file names
 * and metadata are built from, and the author, who is public by design (the RFC is signed).
 * `redact: false` in the config turns this off with the rest of redaction.
 */
const KEPT = new Set<keyof RfcMeta>(['slug', 'project', 'author', 'date', 'version', 'paddleVersion', 'language', 'profile', 'revisionDate']);

export function publishedRfc(config: Pick<Config, 'rfc' | 'redact'>): RfcMeta {
  if (config.redact === false) return config.rfc;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config.rfc)) out[key] = KEPT.has(key as keyof RfcMeta) ? value : redactValue(value);
  return out as unknown as RfcMeta;
}

import { publishForHooks, type NormaliseChanges } from './normalise.js';
import { isRedactableText, redactText } from './redact.js';

export interface Published {
  bytes: Buffer;
  /** Whether the content is UTF-8 text (what redaction rewrites). */
  text: boolean;
  redactions?: Record<string, number>;
  normalised?: NormaliseChanges;
}

/**
 * The bytes collect publishes for an original: redacted (UTF-8 text, unless the config turns
 * redaction off), then normalised for the community's whitespace hooks (`normalise: false` gives
 * the copy as collect made it before it normalised, which check uses to recognise the hooks' work).
 */
export function publishBytes(original: Buffer, options: { redact: boolean; normalise?: boolean }): Published {
  const text = isRedactableText(original);
  let bytes = original;
  let redactions: Record<string, number> | undefined;
  if (text && options.redact) {
    const r = redactText(original.toString('utf8'));
    if (Object.keys(r.counts).length) {
      bytes = Buffer.from(r.text, 'utf8');
      redactions = r.counts;
    }
  }
  const hooks = options.normalise === false ? { bytes } : publishForHooks(bytes);
  return { bytes: hooks.bytes, text, ...(redactions ? { redactions } : {}), ...('normalised' in hooks && hooks.normalised ? { normalised: hooks.normalised } : {}) };
}

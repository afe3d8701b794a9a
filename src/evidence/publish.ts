import { publishForHooks, type NormaliseChanges } from './normalise.js';
import { prepareCopy } from './publish-copy.js';
import type { TextEncoding } from './decode.js';

export type Published =
  | {
      ok: true;
      bytes: Buffer;
      /** Whether the content is text (what redaction rewrites). */
      text: boolean;
      redactions?: Record<string, number>;
      normalised?: NormaliseChanges;
      /** The original's encoding when the copy was transcoded to UTF-8. */
      encoding?: Exclude<TextEncoding, 'utf-8'>;
      /** The values redaction replaced (never published: collect removes them from the record too). */
      secrets?: string[];
    }
  | { ok: false; reason: string };

/**
 * The bytes collect publishes for an original: decoded and redacted (see publish-copy.ts, unless
 * the config turns redaction off), then normalised for the community's whitespace hooks
 * (`normalise: false` gives the copy as collect made it before it normalised, which check uses
 * to recognise the hooks' work). A copy that cannot be checked for secrets is refused.
 */
export function publishBytes(original: Buffer, options: { redact: boolean; normalise?: boolean }): Published {
  const copy = prepareCopy(original, options.redact);
  if (!copy.ok) return copy;
  const hooks = options.normalise === false ? { bytes: copy.bytes } : publishForHooks(copy.bytes);
  return { ...copy, bytes: hooks.bytes, ...('normalised' in hooks && hooks.normalised ? { normalised: hooks.normalised } : {}) };
}

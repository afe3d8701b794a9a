import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { CheckContext, Rule, RuleNeed } from './types.js';

/** A finding as a rule writes it: without a severity it takes the rule's default. */
export type Finding = Omit<Diagnostic, 'severity'> & { severity?: Severity };

/** What a rule module declares; `defineRule` turns it into the `Rule` that `check` runs. */
export interface RuleSpec {
  /** Stable id, the prefix of every finding's id, e.g. `digest`. */
  id: string;
  /** Default severity of the rule's findings (also shown in the README's rule table). */
  severity: Severity;
  description: string;
  /** What the rule reads besides the manifest and files: loaded before it runs (see RuleNeed). */
  needs?: RuleNeed[];
  /** False when the rule reads something `check` cannot fingerprint (it then runs every time). */
  cacheable?: boolean;
  run(ctx: CheckContext): Finding[] | Promise<Finding[]>;
}

/** A finding of the rule's default severity; a rule writes `error`/`warning` only to differ from it. */
export function finding(id: string, message: string, at: Partial<Diagnostic> = {}): Finding {
  return { id, message, ...at };
}

/**
 * Declare a rule. Every finding leaves it with the rule's id as its id prefix (so SARIF and
 * `--quiet` filters map it back to the rule) and with a severity (the rule's default unless the
 * finding says otherwise). A local id `stale` of rule `documents.current` becomes
 * `documents.current.stale`; a delegated one such as `schema.invalid` keeps its last part
 * (`manifest.schema.invalid`); ids already under the rule's id are kept.
 */
export function defineRule(spec: RuleSpec): Rule {
  const { id, severity, description, needs = [], cacheable = true } = spec;
  return {
    id,
    severity,
    description,
    needs,
    cacheable,
    async run(ctx) {
      return (await spec.run(ctx)).map((f) => ({ ...f, id: stampId(id, f.id), severity: f.severity ?? severity }));
    },
  };
}

function stampId(ruleId: string, id: string): string {
  if (id === ruleId || id.startsWith(`${ruleId}.`)) return id;
  return `${ruleId}.${id.includes('.') ? id.slice(id.indexOf('.') + 1) : id}`;
}

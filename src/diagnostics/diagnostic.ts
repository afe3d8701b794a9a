/**
 * A diagnostic is data: every module reports problems this way and one reporter renders them
 * (text, JSON, GitHub annotations, SARIF). Positions are 1-based; `pointer` is an RFC 6901 JSON
 * pointer for JSON inputs.
 */
export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  /** Stable id, e.g. `json.syntax`, `csv.missing-column`, `schema.invalid`, `digest.mismatch`. */
  id: string;
  severity: Severity;
  /** Path as the user should see it (relative to the working directory or config folder). */
  file?: string;
  line?: number;
  column?: number;
  pointer?: string;
  message: string;
  /** How to fix it, when we know. */
  hint?: string;
}

export function error(id: string, message: string, at: Partial<Diagnostic> = {}): Diagnostic {
  return { id, severity: 'error', message, ...at };
}

export function warning(id: string, message: string, at: Partial<Diagnostic> = {}): Diagnostic {
  return { id, severity: 'warning', message, ...at };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col`, `file#/pointer` or `file`, as docs/architecture.md asks of diagnostics. */
export function formatLocation(d: Diagnostic): string {
  const file = d.file ?? '<input>';
  if (d.line !== undefined) return `${file}:${d.line}:${d.column ?? 1}`;
  if (d.pointer !== undefined) return `${file}#${d.pointer}`;
  return file;
}

/** Thrown for usage and config errors: the CLI turns it into exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

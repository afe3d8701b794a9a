import { packageRepositoryUrl } from '../version.js';
import { formatLocation, type Diagnostic } from './diagnostic.js';

export type ReportFormat = 'text' | 'json' | 'github' | 'sarif';

export interface RuleInfo {
  id: string;
  description: string;
  severity?: Diagnostic['severity'];
}

/**
 * One reporter for every output format. Text groups findings by file and colours severity only
 * when asked (a TTY without NO_COLOR); JSON is the diagnostics as data; GitHub prints workflow
 * commands (annotations); SARIF 2.1.0 is for code scanning.
 */
export function report(diagnostics: readonly Diagnostic[], format: ReportFormat, options: { color?: boolean; rules?: RuleInfo[] } = {}): string {
  const sorted = sortDiagnostics(diagnostics);
  switch (format) {
    case 'json':
      return JSON.stringify({ diagnostics: sorted, summary: counts(sorted) }, null, 2) + '\n';
    case 'github':
      return sorted.map(githubAnnotation).join('');
    case 'sarif':
      return JSON.stringify(sarif(sorted, options.rules ?? []), null, 2) + '\n';
    default:
      return text(sorted, options.color ?? false);
  }
}

export function counts(ds: readonly Diagnostic[]): { errors: number; warnings: number; notes: number } {
  return {
    errors: ds.filter((d) => d.severity === 'error').length,
    warnings: ds.filter((d) => d.severity === 'warning').length,
    notes: ds.filter((d) => d.severity === 'note').length,
  };
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.file ?? '', String(d.line ?? 0).padStart(9, '0'), String(d.column ?? 0).padStart(9, '0'), d.pointer ?? '', d.id, d.message].join('\u0000');
  return [...ds].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function text(ds: Diagnostic[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  let file: string | undefined;
  for (const d of ds) {
    if (d.file !== file) {
      file = d.file;
      lines.push(paint('1', file ?? '<general>'));
    }
    const sev = d.severity === 'error' ? paint('31', 'error') : d.severity === 'warning' ? paint('33', 'warning') : paint('36', 'note');
    lines.push(`  ${formatLocation(d)}: ${sev} ${d.message} [${d.id}]`);
    if (d.hint) lines.push(`    hint: ${d.hint}`);
  }
  const c = counts(ds);
  lines.push(`${c.errors} error(s), ${c.warnings} warning(s)`);
  return lines.join('\n') + '\n';
}

/** GitHub workflow command escaping: data escapes % CR LF; properties also : and ,. */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function githubAnnotation(d: Diagnostic): string {
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    ...(d.file ? [`file=${escapeGithubProperty(d.file)}`] : []),
    ...(d.line !== undefined ? [`line=${d.line}`] : []),
    ...(d.column !== undefined ? [`col=${d.column}`] : []),
    `title=${escapeGithubProperty(d.id)}`,
  ];
  const where = d.pointer !== undefined && d.line === undefined ? ` (at ${d.pointer || '/'})` : '';
  const message = `${d.message}${where}${d.hint ? `\nhint: ${d.hint}` : ''}`;
  return `::${level} ${props.join(',')}::${escapeGithubData(message)}\n`;
}

/** The rule a diagnostic id belongs to: the longest rule id that is the id or a dotted prefix of it. */
function ruleOf(id: string, rules: readonly RuleInfo[]): RuleInfo | undefined {
  let best: RuleInfo | undefined;
  for (const r of rules) if ((id === r.id || id.startsWith(`${r.id}.`)) && (!best || r.id.length > best.id.length)) best = r;
  return best;
}

const sarifLevel = (s: Diagnostic['severity']) => (s === 'note' ? 'note' : s);

/**
 * SARIF 2.1.0: one run, every rule and every diagnostic id as a reporting descriptor (so each
 * result's ruleIndex resolves), results with physical locations (1-based line/column) and, for
 * JSON inputs, the pointer as a logical location.
 */
function sarif(ds: Diagnostic[], rules: RuleInfo[]): object {
  const ruleIds = [...new Set([...rules.map((r) => r.id), ...ds.map((d) => d.id)])].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rfc-evidence',
            ...(packageRepositoryUrl ? { informationUri: packageRepositoryUrl } : {}),
            rules: ruleIds.map((id) => {
              const r = ruleOf(id, rules);
              return {
                id,
                shortDescription: { text: r?.description ?? id },
                ...(r?.severity ? { defaultConfiguration: { level: sarifLevel(r.severity) } } : {}),
              };
            }),
          },
        },
        results: ds.map((d) => ({
          ruleId: d.id,
          ruleIndex: ruleIds.indexOf(d.id),
          level: sarifLevel(d.severity),
          message: { text: d.hint ? `${d.message} (hint: ${d.hint})` : d.message },
          ...(d.file
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: encodeURI(d.file) },
                      ...(d.line !== undefined ? { region: { startLine: d.line, ...(d.column !== undefined ? { startColumn: d.column } : {}) } } : {}),
                    },
                    ...(d.pointer !== undefined ? { logicalLocations: [{ fullyQualifiedName: d.pointer || '/', kind: 'object' }] } : {}),
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}

/** A Markdown job summary for `$GITHUB_STEP_SUMMARY`: counts, then one table row per finding. */
export function githubSummary(ds: readonly Diagnostic[], info: { rules: number; profile?: string }): string {
  const c = counts(ds);
  const cell = (x: string) => x.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
  const head = `## rfc-evidence check: ${c.errors ? 'failed' : 'passed'}\n\n${c.errors} error(s), ${c.warnings} warning(s) from ${info.rules} rules${info.profile ? `, profile \`${info.profile}\`` : ''}.\n`;
  if (ds.length === 0) return head + '\n';
  const rows = sortDiagnostics(ds).map((d) => `| ${d.severity} | \`${cell(formatLocation(d))}\` | \`${d.id}\` | ${cell(d.message)}${d.hint ? `<br>hint: ${cell(d.hint)}` : ''} |`);
  return `${head}\n| severity | location | rule | message |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n\n`;
}

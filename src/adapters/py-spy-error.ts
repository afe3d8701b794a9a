import { error } from '../diagnostics/diagnostic.js';
import type { RemedyKey } from '../i18n/types.js';
import type { ToolError } from '../records.js';
import { commandHeader, squash } from './_capture.js';
import type { Adapter } from './types.js';

type Reason = ToolError['reason'];

/** Signs of a failed run, strongest reason first; py-spy prints them to stderr and exits 1. */
const SIGNS: { re: RegExp; reason: Reason }[] = [
  { re: /\bpy-spy'?:\s*(?:command not found|not found|No such file or directory)/, reason: 'not-installed' },
  // In docker py-spy says `Permission Denied` and then asks for SYS_PTRACE on the next line.
  { re: /\bSYS_PTRACE\b/, reason: 'ptrace-denied' },
  { re: /Operation not permitted \(os error 1\)/, reason: 'ptrace-denied' },
  { re: /^Permission Denied\b/, reason: 'permission-denied' },
  { re: /Permission denied \(os error 13\)/, reason: 'permission-denied' },
  { re: /^Error: .*\b(?:[Uu]nsupported|not supported)\b/, reason: 'not-supported' },
];
const RANK: Reason[] = ['other', 'not-supported', 'permission-denied', 'ptrace-denied', 'not-installed'];

/**
 * Reasons with a known remedy. The record carries a message key (`py-spy.<reason>`), resolved
 * to words at render by the document's language catalogue (src/i18n/), so a Chinese report never
 * shows an English sentence.
 */
const REMEDY: Partial<Record<Reason, RemedyKey>> = {
  'ptrace-denied': 'py-spy.ptrace-denied',
  'permission-denied': 'py-spy.permission-denied',
  'not-installed': 'py-spy.not-installed',
  'not-supported': 'py-spy.not-supported',
};

const SCOPE_FACT = 'kernel.yama.ptrace_scope';
const PY_SPY_COMMAND = /^(?:sudo\s+(?:env\s+(?:"[^"]*"|\S+)\s+)?)?py-spy\s+(?:record|dump|top)\b/;
const MAX_MESSAGE_LINES = 5;

/** What one pass over the capture found. */
interface Scan {
  reason?: Reason;
  messages: string[];
  /** `Error: ...` lines that are only py-spy's if the file is about py-spy. */
  genericErrors: string[];
  mentionsPySpy: boolean;
  facts: Record<string, string>;
}

/** Saved py-spy stderr from a failed run: evidence that profiling was blocked, and why. */
export const adapter: Adapter = {
  id: 'py-spy-error',
  kind: 'tool-error',
  title: 'py-spy failure output (stderr of `py-spy record`/`dump`/`top`)',
  recognisedBy:
    "py-spy's `Permission Denied: Try running again with elevated permissions` / SYS_PTRACE messages; " +
    '`(os error 1|13)` or `py-spy: command not found` in a file that names py-spy',
  extracts: 'reason (ptrace-denied, permission-denied, not-installed, ...), the error message, a remedy (message key), ' +
    'facts: kernel.yama.ptrace_scope, the command run, the py-spy version',

  detect(input) {
    const h = input.head;
    if (/Permission Denied: Try running again with elevated permissions/.test(h)) return 0.95;
    if (/started your container with the SYS_PTRACE capability/.test(h)) return 0.95;
    const named = /py-?spy/i.test(input.name);
    if ((named || /\bpy-spy\b/.test(h)) && /\((?:os error (?:1|13))\)|\bpy-spy'?:\s*(?:command )?not found/.test(h)) return 0.9;
    return named && /\.(txt|log|err|stderr|out)$/i.test(input.name) ? 0.2 : 0;
  },

  async parse(input) {
    const scan: Scan = { messages: [], genericErrors: [], mentionsPySpy: /py-?spy/i.test(input.name), facts: {} };
    let section: string | undefined;
    for await (const line of input.lines()) {
      const header = commandHeader(line);
      if (header !== undefined) {
        section = header;
        noteCommand(scan, header);
        continue;
      }
      scanLine(scan, line, section);
    }
    const reason = finalReason(scan);
    if (reason === undefined) {
      return {
        diagnostics: [
          error(
            'py-spy-error.unrecognised',
            'no py-spy error found: expected `Permission Denied: ...`, a SYS_PTRACE hint, `Error: ... (os error 1|13)` ' +
              'or `py-spy: command not found`' +
              (scan.mentionsPySpy ? ' (the file names py-spy but shows no failure; a successful run belongs with its profile)' : ''),
            { file: input.displayPath, line: 1, column: 1 },
          ),
        ],
      };
    }
    const messages = scan.reason === undefined ? scan.genericErrors : scan.messages.concat(scan.genericErrors);
    const record: ToolError = {
      kind: 'tool-error',
      tool: 'py-spy',
      reason,
      message: messages.slice(0, MAX_MESSAGE_LINES).join(' / '),
    };
    const remedy = REMEDY[reason];
    if (remedy !== undefined) record.remedy = remedy;
    if (Object.keys(scan.facts).length > 0) record.facts = sortedFacts(scan.facts);
    return { record, diagnostics: [] };
  },
};

/** The first py-spy command line of the capture is kept as a fact. */
function noteCommand(scan: Scan, command: string): void {
  if (!/\bpy-spy\b/.test(command)) return;
  scan.mentionsPySpy = true;
  if (PY_SPY_COMMAND.test(command)) scan.facts['command'] ??= squash(command);
}

function scanLine(scan: Scan, line: string, section: string | undefined): void {
  const text = line.trim();
  if (text === '') return;
  if (/\bpy-spy\b/.test(text)) scan.mentionsPySpy = true;
  if (PY_SPY_COMMAND.test(text)) scan.facts['command'] ??= squash(text);
  const version = /^py-spy (\d+\.\d+\.\d\S*)$/.exec(text);
  if (version) scan.facts['py-spy.version'] = version[1]!;
  // `sysctl kernel.yama.ptrace_scope` prints `name = value`; `cat /proc/sys/.../ptrace_scope` only the value.
  const scope = /\bkernel\.yama\.ptrace_scope\s*=\s*(\d+)/.exec(text) ?? (section?.includes('ptrace_scope') ? /^(\d+)$/.exec(text) : null);
  if (scope) scan.facts[SCOPE_FACT] = scope[1]!;
  const sign = SIGNS.find((s) => s.re.test(text));
  if (sign) {
    if (!scan.messages.includes(squash(text))) scan.messages.push(squash(text));
    if (scan.reason === undefined || RANK.indexOf(sign.reason) > RANK.indexOf(scan.reason)) scan.reason = sign.reason;
  } else if (/^Error: \S/.test(text) && !scan.genericErrors.includes(squash(text))) {
    scan.genericErrors.push(squash(text));
  }
}

/** A plain permission error becomes ptrace-denied when Yama restricts ptrace (scope >= 1). */
function finalReason(scan: Scan): Reason | undefined {
  if (scan.reason === 'permission-denied' && Number(scan.facts[SCOPE_FACT] ?? 0) >= 1) return 'ptrace-denied';
  if (scan.reason !== undefined) return scan.reason;
  return scan.mentionsPySpy && scan.genericErrors.length > 0 ? 'other' : undefined;
}

function sortedFacts(facts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(facts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Builds a check fixture: a copy of a mini evidence set (`test/fixtures/checks/_sets/<set>/`),
 * `before` edits on its inputs, collect + render as a contributor would, then `after` edits that
 * break (or keep) what a rule looks at. Cases live in `test/fixtures/checks/<rule-id>/{ok,bad}/<case>.json`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { collect } from '../../src/evidence/collect.js';
import { planRender, writePlan } from '../../src/render/render.js';

export const fixturesRoot = path.join(import.meta.dirname, '..', 'fixtures', 'checks');

export type Edit =
  | { file: string; replace: string; with: string; all?: boolean }
  | { file: string; write: string }
  | { file: string; append: string }
  | { file: string; delete: true }
  /** Write `bytes` bytes of filler text (for size limits). */
  | { file: string; bytes: number }
  /** Set (or with `value` absent, remove) the value at a JSON pointer of a JSON file; `/-` appends to an array. */
  | { file: string; pointer: string; value?: unknown };

export interface ExpectedFinding {
  id: string;
  severity?: string;
  file?: string;
  line?: number;
  column?: number;
  pointer?: string;
  messageIncludes?: string[];
  hintIncludes?: string[];
}

export interface FixtureCase {
  description: string;
  set: string;
  before?: Edit[];
  /** Skip render (collect still runs), e.g. to check what happens without documents. */
  render?: boolean;
  after?: Edit[];
  /** Profile name or path (relative to the set), as `--profile` would take it. */
  profile?: string;
  /** Make the set a git work tree (`git init`) before anything else. */
  git?: boolean;
  findings: ExpectedFinding[];
}

export function readCase(file: string): FixtureCase {
  return JSON.parse(readFileSync(file, 'utf8')) as FixtureCase;
}

/** Build the case; with `deferAfter` its `after` edits wait for `after()` (to check the same set before and after them). */
export async function buildFixture(c: FixtureCase, options: { deferAfter?: boolean } = {}): Promise<{ root: Config['baseDir']; config: Config; cleanup: () => void; after: () => void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'rfc-evidence-check-'));
  cpSync(path.join(fixturesRoot, '_sets', c.set), root, { recursive: true });
  if (c.git) execFileSync('git', ['init', '-q', root]);
  applyEdits(root, c.before ?? []);
  const config = loadConfig('rfc-evidence.yaml', root);
  const { manifest } = await collect(config);
  if (c.render !== false) writePlan(await planRender(config, manifest));
  const after = () => applyEdits(root, c.after ?? []);
  if (!options.deferAfter) after();
  return { root, config, cleanup: () => rmSync(root, { recursive: true, force: true }), after };
}

export function applyEdits(root: string, edits: readonly Edit[]): void {
  for (const e of edits) {
    const file = path.join(root, e.file);
    mkdirSync(path.dirname(file), { recursive: true });
    if ('delete' in e) rmSync(file, { force: true });
    else if ('bytes' in e) writeFileSync(file, Buffer.alloc(e.bytes, `${'x'.repeat(99)}\n`));
    else if ('write' in e) writeFileSync(file, e.write);
    else if ('append' in e) writeFileSync(file, readFileSync(file, 'utf8') + e.append);
    else if ('replace' in e) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes(e.replace)) throw new Error(`fixture edit: ${e.file} does not contain ${JSON.stringify(e.replace)}`);
      writeFileSync(file, e.all ? text.split(e.replace).join(e.with) : text.replace(e.replace, e.with));
    } else {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      writeFileSync(file, JSON.stringify(setPointer(doc, e.pointer, e.value, !('value' in e)), null, 2) + '\n');
    }
  }
}

function setPointer(doc: unknown, pointer: string, value: unknown, remove: boolean): unknown {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = parts.pop()!;
  let node = doc as Record<string, unknown> | unknown[];
  for (const p of parts) node = (node as Record<string, unknown>)[p] as Record<string, unknown>;
  if (Array.isArray(node)) {
    if (last === '-') node.push(value);
    else if (remove) node.splice(Number(last), 1);
    else node[Number(last)] = value;
  } else if (remove) delete node[last];
  else node[last] = value;
  return doc;
}

/**
 * Every check rule's ok and not-ok examples, run by one harness. For each rule id there is a
 * folder `test/fixtures/checks/<rule-id>/` with `ok/*.json` (the rule finds nothing) and
 * `bad/*.json` (the rule finds exactly the listed findings, matched on id, severity, file, line,
 * column, pointer and message fragments). See `_harness.ts` for the case format.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/profile.js';
import { createContext, runRules } from '../../src/checks/index.js';
import { rules } from '../../src/checks/registry.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { buildFixture, fixturesRoot, readCase, type ExpectedFinding, type FixtureCase } from './_harness.js';

const all = await rules();

function cases(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

async function findings(ruleId: string, c: FixtureCase): Promise<Diagnostic[]> {
  const { root, config, cleanup } = await buildFixture(c);
  try {
    const profile = c.profile !== undefined ? loadProfile(c.profile, root) : undefined;
    const { ctx } = await createContext(config, root, { cache: false, ...(profile ? { profile } : {}) });
    return await runRules(ctx, all.filter((r) => r.id === ruleId));
  } finally {
    cleanup();
  }
}

/** The fields an expectation names, taken from the actual finding, for an exact comparison. */
function project(d: Diagnostic, e: ExpectedFinding): ExpectedFinding {
  const out: ExpectedFinding = { id: d.id };
  for (const k of ['severity', 'file', 'line', 'column', 'pointer'] as const) if (k in e) Object.assign(out, { [k]: d[k] });
  if (e.messageIncludes) out.messageIncludes = e.messageIncludes.filter((m) => d.message.includes(m));
  if (e.hintIncludes) out.hintIncludes = e.hintIncludes.filter((m) => d.hint?.includes(m));
  return out;
}

describe.each(all.map((r) => [r.id] as const))('rule %s', (id) => {
  const dir = path.join(fixturesRoot, id);
  const ok = cases(path.join(dir, 'ok'));
  const bad = cases(path.join(dir, 'bad'));

  it('has ok and not-ok examples', () => {
    expect(ok.length, `${dir}/ok/*.json`).toBeGreaterThan(0);
    expect(bad.length, `${dir}/bad/*.json`).toBeGreaterThan(0);
  });

  it.each(ok)('ok/%s', async (name) => {
    const c = readCase(path.join(dir, 'ok', name));
    expect(await findings(id, c)).toEqual([]);
  });

  it.each(bad)('bad/%s', async (name) => {
    const c = readCase(path.join(dir, 'bad', name));
    const actual = await findings(id, c);
    expect(c.findings.length, 'a bad example expects findings').toBeGreaterThan(0);
    expect(actual.length, JSON.stringify(actual, null, 2)).toBe(c.findings.length);
    // Pair findings in order (rules report in a deterministic order).
    expect(actual.map((d, i) => project(d, c.findings[i]!))).toEqual(c.findings);
    for (const d of actual) {
      expect(d.file, `${d.id} names a file`).toBeTruthy();
    }
  });
});

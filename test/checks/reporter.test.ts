import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { escapeGithubData, escapeGithubProperty, githubSummary, report } from '../../src/diagnostics/reporter.js';

const ds: Diagnostic[] = [
  { id: 'links.broken', severity: 'error', file: 'rfcs/Demo/a, b: c%.md', line: 12, column: 3, message: 'expected link target x.md to exist,\nfound 100% nothing: really', hint: 'fix it' },
  { id: 'manifest.schema', severity: 'error', file: 'rfcs/Demo/evidence/x/manifest.json', pointer: '/entries/0/bytes', message: "'/entries/0/bytes': expected integer, found string" },
  { id: 'local-paths.evidence', severity: 'warning', file: 'rfcs/Demo/evidence/x/log.txt', line: 3, column: 19, message: 'expected no absolute local path, found /data/x | y' },
];
const rules = [
  { id: 'links', description: 'relative links resolve', severity: 'error' as const },
  { id: 'manifest.schema', description: 'manifest matches its schema', severity: 'error' as const },
  { id: 'local-paths', description: 'no local paths', severity: 'error' as const },
];

describe('github annotations', () => {
  it('escapes data (% CR LF) and properties (also : and ,) as GitHub does', () => {
    expect(escapeGithubData('50%\r\nnext: a,b')).toBe('50%25%0D%0Anext: a,b');
    expect(escapeGithubProperty('a, b: c%\n')).toBe('a%2C b%3A c%25%0A');
  });

  it('prints one workflow command per finding with file, line, col and the rule id as title', () => {
    expect(report(ds, 'github').split('\n')).toEqual([
      '::error file=rfcs/Demo/a%2C b%3A c%25.md,line=12,col=3,title=links.broken::expected link target x.md to exist,%0Afound 100%25 nothing: really%0Ahint: fix it',
      "::warning file=rfcs/Demo/evidence/x/log.txt,line=3,col=19,title=local-paths.evidence::expected no absolute local path, found /data/x | y",
      "::error file=rfcs/Demo/evidence/x/manifest.json,title=manifest.schema::'/entries/0/bytes': expected integer, found string (at /entries/0/bytes)",
      '',
    ]);
  });

  it('writes a Markdown job summary with escaped table cells', () => {
    const md = githubSummary(ds, { rules: 17, profile: 'hackathon10-metax-stage1' });
    expect(md.split('\n').slice(0, 6)).toEqual([
      '## rfc-evidence check: failed',
      '',
      '2 error(s), 1 warning(s) from 17 rules, profile `hackathon10-metax-stage1`.',
      '',
      '| severity | location | rule | message |',
      '| --- | --- | --- | --- |',
    ]);
    expect(md).toContain('| warning | `rfcs/Demo/evidence/x/log.txt:3:19` | `local-paths.evidence` | expected no absolute local path, found /data/x \\| y |');
    expect(md).toContain('to exist,<br>found 100% nothing: really<br>hint: fix it |');
    expect(githubSummary([], { rules: 17 })).toBe('## rfc-evidence check: passed\n\n0 error(s), 0 warning(s) from 17 rules.\n\n');
  });
});

describe('text', () => {
  it('groups by file and colours only when asked', () => {
    const plain = report(ds, 'text', { color: false });
    expect(plain).not.toContain('\u001b[');
    expect(plain.split('\n')[0]).toBe('rfcs/Demo/a, b: c%.md');
    expect(plain).toContain('  rfcs/Demo/a, b: c%.md:12:3: error expected link target x.md to exist,');
    expect(plain.trimEnd().split('\n').at(-1)).toBe('2 error(s), 1 warning(s)');
    expect(report(ds, 'text', { color: true })).toContain('\u001b[31merror\u001b[0m');
  });
});

/**
 * The part of the SARIF 2.1.0 schema (https://json.schemastore.org/sarif-2.1.0.json) that GitHub
 * code scanning reads: written out here so the test needs no network.
 */
const SARIF_SUBSET = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  informationUri: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id'],
                      properties: {
                        id: { type: 'string' },
                        shortDescription: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
                        defaultConfiguration: { type: 'object', properties: { level: { enum: ['none', 'note', 'warning', 'error'] } } },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message: { type: 'object', anyOf: [{ required: ['text'] }, { required: ['id'] }], properties: { text: { type: 'string' } } },
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        anyOf: [{ required: ['address'] }, { required: ['artifactLocation'] }],
                        properties: {
                          artifactLocation: { type: 'object', properties: { uri: { type: 'string', format: 'uri-reference' } } },
                          region: {
                            type: 'object',
                            properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } },
                          },
                        },
                      },
                      logicalLocations: { type: 'array', items: { type: 'object', properties: { fullyQualifiedName: { type: 'string' }, kind: { type: 'string' } } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 structure, and every result points at its rule', async () => {
    const sarif = JSON.parse(report(ds, 'sarif', { rules })) as {
      runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; locations?: unknown[] }[] }[];
    };
    const ajv = new Ajv({ allErrors: true, strict: false });
    (await import('ajv-formats')).default.default(ajv);
    const validate = ajv.compile(SARIF_SUBSET);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = sarif.runs[0]!;
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.tool.driver.rules.find((r) => r.id === 'links.broken')!.shortDescription.text).toBe('relative links resolve');
    expect(run.results[0]!.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'rfcs/Demo/a,%20b:%20c%25.md' }, region: { startLine: 12, startColumn: 3 } } }]);
  });

  it("names the tool's own repository (package.json `repository`), not the community's", () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { repository: { url: string } };
    const sarif = JSON.parse(report(ds, 'sarif', { rules })) as { runs: { tool: { driver: { informationUri: string } } }[] };
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(sarif.runs[0]!.tool.driver.informationUri).toBe(pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''));
  });
});

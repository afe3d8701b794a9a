/**
 * The redaction rules, tested like the check rules: every rule's own examples and non-examples,
 * the secrets corpus (0 leaks) and ordinary evidence (0 false positives).
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/evidence/redaction-rules.js';
import { redactText, redactValue } from '../../src/evidence/redact.js';
import { CORPUS, ORDINARY } from './corpus.js';

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  it('has examples and non-examples', () => {
    expect(rule.examples.length).toBeGreaterThan(0);
    expect(rule.keep.length).toBeGreaterThan(0);
    expect(rule.description).not.toBe('');
  });
  it.each(rule.examples.map((e) => [e.text, e.redacted]))('%s', (text, redacted) => {
    const r = redactText(text, [rule]);
    expect(r.text).toBe(redacted);
    expect(r.counts[id]).toBeGreaterThan(0);
    // A value already masked is not redacted (or reported) again.
    expect(redactText(r.text).counts).toEqual({});
  });
  it.each(rule.keep.map((k) => [k]))('keeps %s', (text) => {
    expect(redactText(text, [rule]).text).toBe(text);
  });
});

describe('the secrets corpus', () => {
  it('has at least 60 secrets over at least 30 families', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((c) => c.family)).size).toBeGreaterThanOrEqual(30);
  });
  it.each(CORPUS.map((c) => [c.family, c.line, c.secret]))('%s: %s', (_family, line, secret) => {
    const r = redactText(line);
    expect(r.text).not.toContain(secret);
    expect(Object.keys(r.counts).length).toBeGreaterThan(0);
    expect(redactText(r.text).counts).toEqual({});
    // Embedded in a longer line, after other text, in quotes: still found.
    expect(redactText(`INFO 2026-04-21 15:30:52 note: ${line} (end)`).text).not.toContain(secret);
  });
  it('no false positive on ordinary evidence', () => {
    for (const line of ORDINARY) expect(redactText(line), line).toEqual({ text: line, counts: {}, secrets: [] });
  });
});

describe('redactValue: every string of a record', () => {
  it('redacts nested strings and the values of secret-named keys, keeps numbers and keys', () => {
    const counts: Record<string, number> = {};
    const record = {
      kind: 'serving-benchmark',
      params: { max_num_seqs: 8, api_key: 'plainlooking', HF_TOKEN: 'also-plain-value', note: CORPUS[0]!.line, model: 'PaddlePaddle/PaddleOCR-VL' },
      events: [{ code: 'startup.ready', line: 3, message: `listening on ${CORPUS.find((c) => c.family === 'private ip')!.line}` }],
    };
    const out = redactValue(record, counts);
    expect(out.params).toEqual({ max_num_seqs: 8, api_key: '***', HF_TOKEN: '***', note: 'GITHUB_PAT=***', model: 'PaddlePaddle/PaddleOCR-VL' });
    expect(out.events[0]!.message).toBe('listening on serving at http://***:8180/v1');
    expect(counts).toEqual({ 'key-value-secret': 2, 'github-token': 1, 'private-ip': 1 });
    expect(record.params.api_key).toBe('plainlooking');
  });

  it('removes secrets the source file held wherever a parser put them, also when a message cut them short', () => {
    const counts: Record<string, number> = {};
    const known = ['fakePlainValue0042xyz'];
    const out = redactValue({ cell: ' fakePlainValue0042xyz"}', message: 'found `id,fakePlainVal`', other: 'fakePlainValuable text' }, counts, known);
    expect(out).toEqual({ cell: ' ***"}', message: 'found `id,***`', other: 'fakePlainValuable text' });
    expect(counts).toEqual({ 'known-secret': 2 });
  });
});

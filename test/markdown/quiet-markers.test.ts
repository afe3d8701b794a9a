/**
 * Quiet markers: short digests (old 64-digit ones still read and upgraded), no empty region
 * pairs, and the document's language recorded so another language is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Text } from '../../src/evidence/hash.js';
import { loadMarkdownParser } from '../../src/markdown/parse.js';
import { DIGEST_CHARS, findRegions, regionDigest, wrapRegion } from '../../src/markdown/regions.js';
import { updateDocument, withRegionRecord } from '../../src/markdown/update.js';

beforeAll(loadMarkdownParser);

const longRegion = (id: string, body: string) => `<!-- rfc-evidence:begin id=${id} sha256=${sha256Text(body)} -->\n${body}\n<!-- rfc-evidence:end id=${id} -->`;

describe('region digests', () => {
  it('are the first 12 hex digits of the SHA-256 of the content', () => {
    expect(DIGEST_CHARS).toBe(12);
    expect(regionDigest('| a | 1 |')).toBe(sha256Text('| a | 1 |').slice(0, 12));
    expect(wrapRegion('x', 'body\n')).toBe(`<!-- rfc-evidence:begin id=x sha256=${sha256Text('body').slice(0, 12)} -->\nbody\n<!-- rfc-evidence:end id=x -->`);
  });

  it('of older renders (64 digits) are read, compared at their length, and upgraded when rewritten', () => {
    const old = `# T\n\n${longRegion('a', 'one')}\n`;
    const [r] = findRegions(old).regions;
    expect(r!.recordedSha256).toHaveLength(64);
    expect(r!.actualSha256).toBe(r!.recordedSha256);
    const edited = findRegions(old.replace('one', 'two')).regions[0]!;
    expect(edited.actualSha256).not.toBe(edited.recordedSha256);
    const fresh = withRegionRecord(`# T\n\n${wrapRegion('a', 'one')}\n`);
    const u = updateDocument(old, fresh);
    expect(u.blocked).toBe(false);
    expect(u.text).toContain(`sha256=${regionDigest('one')} -->`);
    expect(u.text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('of other lengths are not markers (a truncated digest is a broken marker, not a region)', () => {
    expect(findRegions(`<!-- rfc-evidence:begin id=a sha256=abc123 -->\nx\n<!-- rfc-evidence:end id=a -->\n`).regions).toEqual([]);
  });
});

describe('regions whose section does not apply', () => {
  const fresh = withRegionRecord(`# T\n\n${wrapRegion('a', 'one')}\n\n## S\n\n${wrapRegion('c', 'three')}\n`);

  it('an intact empty region an older render wrote is removed with its blank line, and leaves the record', () => {
    const old = `# T\n\n<!-- rfc-evidence:regions a b c -->\n\n${wrapRegion('a', 'one')}\n\n${wrapRegion('b', '')}\n\n## S\n\n${wrapRegion('c', 'three')}\n`;
    const u = updateDocument(old, fresh, { omitted: ['b'] });
    expect(u.removed).toEqual(['b']);
    expect(u.text).toBe(fresh);
    // Once it has content again it is inserted (not taken for a region the author deleted).
    const back = withRegionRecord(`# T\n\n${wrapRegion('a', 'one')}\n\n${wrapRegion('b', 'two')}\n\n## S\n\n${wrapRegion('c', 'three')}\n`);
    const again = updateDocument(u.text, back);
    expect(again.inserted.map((i) => i.id)).toEqual(['b']);
    expect(again.text).toBe(back);
  });

  it('an omitted region at the end of the document goes without leaving blank lines', () => {
    const old = `# T\n\n<!-- rfc-evidence:regions a z -->\n\n${wrapRegion('a', 'one')}\n\n${wrapRegion('z', '')}\n`;
    const u = updateDocument(old, withRegionRecord(`# T\n\n${wrapRegion('a', 'one')}\n`), { omitted: ['z'] });
    expect(u.text).toBe(`# T\n\n<!-- rfc-evidence:regions a -->\n\n${wrapRegion('a', 'one')}\n`);
  });

  it('a hand-edited one is refused like any hand edit, and one the author deleted stays remembered', () => {
    const edited = `# T\n\n<!-- rfc-evidence:regions a b c -->\n\n${wrapRegion('a', 'one')}\n\n${wrapRegion('b', '').replace('\n<!-- rfc-evidence:end', '\nmy note\n<!-- rfc-evidence:end')}\n\n## S\n\n${wrapRegion('c', 'three')}\n`;
    const u = updateDocument(edited, fresh, { omitted: ['b'] });
    expect(u.handEdited.map((h) => h.id)).toEqual(['b']);
    expect(u.blocked).toBe(true);
    const deleted = `# T\n\n<!-- rfc-evidence:regions a b c -->\n\n${wrapRegion('a', 'one')}\n\n## S\n\n${wrapRegion('c', 'three')}\n`;
    expect(updateDocument(deleted, fresh, { omitted: ['b'] }).text).toContain('<!-- rfc-evidence:regions a c b -->');
  });
});

describe('the regions record', () => {
  it('carries the language first, and its ids after it', () => {
    const doc = withRegionRecord(`# T\n\n${wrapRegion('a', 'one')}\n`, 'zh');
    expect(doc).toContain('<!-- rfc-evidence:regions lang=zh a -->');
    const { record } = findRegions(doc);
    expect(record?.lang).toBe('zh');
    expect(record?.ids).toEqual(['a']);
    expect(findRegions('# T\n\n<!-- rfc-evidence:regions a b -->\n').record?.lang).toBeUndefined();
  });
});

/**
 * remark loads only when a document needs its tree: a line-readable document is handled without
 * it, and withMarkdownParser loads it and runs again when one does. (Own file: module state is fresh.)
 */
import { describe, expect, it } from 'vitest';
import { MarkdownParserNotLoaded, parseMarkdown, withMarkdownParser } from '../../src/markdown/parse.js';
import { findRegions, wrapRegion } from '../../src/markdown/regions.js';

const plain = `# 标题\n\n${wrapRegion('formal', '| a | b |\n| - | - |\n| 1 | 2 |')}\n\n作者的文字。\n`;
const fenced = `${plain}\n\`\`\`md\n${wrapRegion('fake', 'x')}\n\`\`\`\n`;

describe('lazy Markdown parser', () => {
  it('is not needed for a document read line by line, and refused before it is loaded', async () => {
    expect(findRegions(plain).regions.map((r) => r.id)).toEqual(['formal']);
    expect(() => parseMarkdown(fenced)).toThrow(MarkdownParserNotLoaded);
    // A document with a code fence needs the tree: loaded on demand, markers in the fence ignored.
    expect((await withMarkdownParser(() => findRegions(fenced))).regions.map((r) => r.id)).toEqual(['formal']);
    expect(parseMarkdown(fenced).type).toBe('root');
  });

  it('passes other errors through', async () => {
    await expect(withMarkdownParser(() => JSON.parse('{'))).rejects.toThrow(SyntaxError);
  });
});

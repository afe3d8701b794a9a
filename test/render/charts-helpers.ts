/** Shared setup of the chart and template tests: the committed example, loaded in-process. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import type { Manifest } from '../../src/evidence/manifest.js';
import { loadManifestFor } from '../../src/render/render.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const exampleConfig = 'evidence/examples/metax-paddleocr-vl-stage1/rfc-evidence.yaml';

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'rfc-evidence-charts-'));
  made.push(d);
  return d;
}

/** The example's config and manifest, with documents and charts redirected to a fresh folder. */
export function example(): { config: Config; manifest: Manifest; committed: Config } {
  const committed = loadConfig(exampleConfig, repoRoot);
  const dir = tempDir();
  const config = { ...committed, outDirAbs: path.join(dir, 'out'), evidenceDirAbs: path.join(dir, 'out', 'evidence') };
  return { config, manifest: loadManifestFor(committed), committed };
}

/**
 * A strict well-formedness check of the XML that vega writes (elements, quoted attributes,
 * comments, text with entity references): enough to fail on a truncated or broken file.
 * Returns the root element's name and attributes.
 */
export function parseXml(xml: string): { root: string; attrs: Record<string, string>; elements: Map<string, number> } {
  const stack: string[] = [];
  const elements = new Map<string, number>();
  let root: { root: string; attrs: Record<string, string> } | undefined;
  const token = /<!--[\s\S]*?-->|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < xml.length && (m = token.exec(xml))) {
    at = token.lastIndex;
    if (m[1]) {
      if (stack.pop() !== m[1]) throw new Error(`unbalanced </${m[1]}> at ${m.index}`);
    } else if (m[2]) {
      if (stack.length === 0 && root) throw new Error(`second root element <${m[2]}>`);
      const attrs = Object.fromEntries([...(m[3] ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
      root ??= { root: m[2], attrs };
      elements.set(m[2], (elements.get(m[2]) ?? 0) + 1);
      if (!m[4]) stack.push(m[2]);
    } else if (m[5] !== undefined) {
      if (stack.length === 0 && m[5].trim()) throw new Error('text outside the root element');
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[5])) throw new Error('bad entity reference');
    }
  }
  if (at !== xml.length) throw new Error(`not XML at offset ${at}: ${xml.slice(at, at + 40)}`);
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (!root) throw new Error('no root element');
  return { ...root, elements };
}

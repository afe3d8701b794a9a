import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256Text } from '../../evidence/hash.js';
import { packageRoot } from '../../paths.js';

/**
 * Drawing a chart means loading vega (most of a render's time), yet re-renders and `check` of
 * unchanged evidence ask for the very same bytes again. So each SVG starts with a comment
 * naming the digest of what it was drawn from (the spec and the exact vega versions) and of its
 * own drawing: a file whose two digests still hold is reused as it is, anything else is drawn.
 */
const STAMP = /^<!-- rfc-evidence:chart key=([0-9a-f]{64}) sha256=([0-9a-f]{64}) -->\n/;

/** Bump when normalizeSvg or the stamp changes what the same spec gives. */
const FORMAT = 1;

let renderer: string | undefined;

/** The exact vega versions this package pins (read from its package.json, without loading vega). */
function rendererVersions(): string {
  if (renderer === undefined) {
    const deps = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
    renderer = `vega@${deps['vega']} vega-lite@${deps['vega-lite']} format@${FORMAT}`;
  }
  return renderer;
}

export function chartKey(spec: Record<string, unknown>): string {
  return sha256Text(`${rendererVersions()}\n${JSON.stringify(spec)}`);
}

/** An SVG document with its stamp first. */
export function stamp(key: string, svg: string): string {
  return `<!-- rfc-evidence:chart key=${key} sha256=${sha256Text(svg)} -->\n${svg}`;
}

/** The existing file's bytes when it was drawn from `key` and has not been edited since. */
export function reusable(existing: string | undefined, key: string): string | undefined {
  const m = existing === undefined ? null : STAMP.exec(existing);
  if (!m || m[1] !== key) return undefined;
  return sha256Text(existing!.slice(m[0].length)) === m[2] ? existing : undefined;
}

/** Whether a file is a chart render drew and nobody edited since (its stamp's digest holds): safe to remove once unused. */
export function isOwnChart(text: string): boolean {
  const m = STAMP.exec(text);
  return m !== null && sha256Text(text.slice(m[0].length)) === m[2];
}

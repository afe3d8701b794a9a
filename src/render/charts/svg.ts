import type { TopLevelSpec } from 'vega-lite';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let loading: Promise<{ vega: Vega; vl: VegaLite }> | undefined;

/**
 * Vega is loaded on first use only: importing it costs more than the rest of a render, and
 * documents without charts (or commands that draw none) should not pay for it.
 */
function load(): Promise<{ vega: Vega; vl: VegaLite }> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => {
    // Text is sized by vega's font-size estimate, never by a canvas that happens to be
    // installed: the same chart must give the same bytes on every machine.
    (vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics.canvas(false);
    return { vega, vl };
  });
  return loading;
}

/** Draw a Vega-Lite spec as a standalone SVG document (headless, no canvas, no DOM). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const { vega, vl } = await load();
  const silent = { level: () => silent, error: () => silent, warn: () => silent, info: () => silent, debug: () => silent };
  const compiled = vl.compile(spec as unknown as TopLevelSpec, { logger: silent as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  try {
    return normalizeSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers clip paths and gradients with process-wide counters (`clip7` on a second render
 * in the same process): rename every id in order of first use, so the bytes depend on the chart
 * only. One final newline, as the community repo's end-of-file hook wants.
 */
export function normalizeSvg(svg: string): string {
  const names = new Map<string, string>();
  const name = (id: string) => {
    let n = names.get(id);
    if (!n) names.set(id, (n = `d${names.size + 1}`));
    return n;
  };
  const body = svg
    .replace(/(\bid=")([^"]+)(")|(url\(#)([^)]+)(\))|(href="#)([^"]+)(")/g, (...m: string[]) => {
      const [pre, id, post] = m[1] !== undefined ? [m[1], m[2]!, m[3]!] : m[4] !== undefined ? [m[4], m[5]!, m[6]!] : [m[7]!, m[8]!, m[9]!];
      return `${pre}${name(id)}${post}`;
    })
    .trimEnd();
  return `${body}\n`;
}

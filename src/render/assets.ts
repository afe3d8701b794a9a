import { existsSync, readFileSync } from 'node:fs';
import { linkUrl } from './escape.js';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Analysis } from '../analysis/index.js';
import { relativePosix } from '../util/fs.js';
import { chartKey, reusable, stamp } from './charts/cache.js';
import { chartSpecs } from './charts/specs.js';
import type { View } from './view-model.js';

/** A generated file written beside the documents (e.g. a chart), atomically with them. */
export interface Asset {
  /** Absolute path. */
  file: string;
  content: string;
}

/** A link the templates can show: `![{{alt}}]({{link}})`. */
export interface AssetLink {
  /** Relative to the documents' folder. */
  link: string;
  /** What the chart shows, with its key numbers; Markdown-escaped for use inside `![...]`. */
  alt: string;
}

/**
 * The charts' links as templates see them: `assets.matrix`, and per manifest entry id
 * `assets.byEntry[<id>]` (latency distribution of a formal run, GPU series, top kernels,
 * before/after of a stage-two candidate). A chart whose data is missing has no link.
 */
export interface AssetLinks {
  byEntry: Record<string, AssetLink>;
  // A kind's chart of many adds its key here from its charts module (e.g. `matrix`, `scheduling`).
}

/** Folder of the charts inside the evidence folder. */
export const CHARTS_DIR = 'charts';

/**
 * Files generated with the documents, and the links the templates use for them: one SVG per
 * chart the evidence supports, under `<evidenceDir>/charts/`. An unchanged chart is reused from
 * disk (see charts/cache.ts); vega is only loaded when a chart has to be drawn.
 */
export async function renderAssets(config: Config, analysis: Analysis, view: View): Promise<{ assets: Asset[]; links: AssetLinks }> {
  const links: AssetLinks = { byEntry: {} };
  const assets: Asset[] = [];
  for (const c of await chartSpecs(view, analysis)) {
    const file = path.join(config.evidenceDirAbs, CHARTS_DIR, c.file);
    const key = chartKey(c.spec);
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    let content = reusable(existing, key);
    if (content === undefined) {
      const { renderSvg } = await import('./charts/svg.js');
      content = stamp(key, await renderSvg(c.spec));
    }
    assets.push({ file, content });
    // Brackets would end the image's alt text early in Markdown.
    const link = { link: linkUrl(relativePosix(config.outDirAbs, file)), alt: c.alt.replace(/[[\]\\]/g, '\\$&') };
    if (c.slot !== undefined) links[c.slot] = link;
    else if (c.entryId !== undefined) links.byEntry[c.entryId] = link;
  }
  return { assets, links };
}

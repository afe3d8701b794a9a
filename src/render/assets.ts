import type { Config } from '../config.js';
import type { Manifest } from '../evidence/manifest.js';
import type { View } from './view-model.js';

/** A generated file written beside the documents (e.g. a chart), atomically with them. */
export interface Asset {
  /** Absolute path. */
  file: string;
  content: string;
}

/** A link the templates can show, keyed by what it depicts (e.g. `matrix`, `formal`). */
export interface AssetLink {
  /** Relative to the documents' folder. */
  link: string;
  alt: string;
}

/**
 * Files generated with the documents, and the links the templates use for them. Charts plug in
 * here; with no generator the documents simply have no asset links.
 */
export function renderAssets(_config: Config, _manifest: Manifest, _view: View): { assets: Asset[]; links: Record<string, AssetLink> } {
  return { assets: [], links: {} };
}

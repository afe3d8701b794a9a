import path from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.patch': 'text/x-diff',
  '.diff': 'text/x-diff',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
  '.yaml': 'text/yaml',
  '.yml': 'text/yaml',
  '.html': 'text/html',
  '.prof': 'application/octet-stream',
};

/** Media type from the file name; text/plain for text we do not name, octet-stream for binaries. */
export function mediaTypeOf(file: string, looksLikeText: boolean): string {
  const ext = path.extname(file).toLowerCase();
  return BY_EXTENSION[ext] ?? (looksLikeText ? 'text/plain' : 'application/octet-stream');
}

import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export const MiB = 1024 * 1024;

/** Deterministic filler: the same bytes every run, not all zeros (xorshift32). */
export function filler(bytes: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(bytes);
  let s = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= bytes; i += 4) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    b.writeUInt32LE(s >>> 0, i);
  }
  return b;
}

/** One file of `mib` MiB, written 16 MiB at a time (one Buffer cannot hold 2 GiB). */
export function ensureLargeFile(file: string, mib: number): void {
  if (existsSync(file) && statSync(file).size === mib * MiB) return;
  const chunk = filler(16 * MiB, 7);
  const fd = openSync(file, 'w');
  try {
    for (let i = 0; i < Math.ceil(mib / 16); i++) writeSync(fd, chunk, 0, Math.min(16, mib - i * 16) * MiB);
  } finally {
    closeSync(fd);
  }
}

/** `files` files of `kib` KiB in folders of 100 (as a log tree is laid out); returns their paths. */
export function ensureTree(dir: string, files: number, kib: number): string[] {
  const names = Array.from({ length: files }, (_, i) => path.join(dir, String(Math.floor(i / 100)).padStart(4, '0'), `f${String(i).padStart(6, '0')}.bin`));
  const complete = existsSync(dir) && readdirSync(dir).length === Math.ceil(files / 100) && existsSync(names[names.length - 1]!);
  if (!complete) {
    names.forEach((n, i) => {
      if (i % 100 === 0) mkdirSync(path.dirname(n), { recursive: true });
      writeFileSync(n, filler(kib * 1024, i + 1));
    });
  }
  return names;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

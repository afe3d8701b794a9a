import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..', '..');

/** Run the bin with its stdout closed before it writes (what `| head` does to a long listing). */
function withClosedStdout(entry: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, entry), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout pipe', () => {
  it.each([['adapters'], ['adapters', '--markdown'], ['--help']])('ends `%s` quietly with exit 0 (uses dist/)', async (...args) => {
    const r = await withClosedStdout('dist/cli/main.js', args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Wall time and peak RSS of a child process, plus its stdout. */
export interface Measured {
  seconds: number;
  peakRssMiB: number | undefined;
  stdout: string;
  stderr: string;
  code: number | null;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Run a command and measure it. Peak RSS comes from GNU time (`-v`) when installed; otherwise
 * the child must print `"maxRssKiB": N` in its stdout JSON (node: resourceUsage().maxRSS,
 * python: ru_maxrss), which is read from there.
 */
export function measure(command: string, args: string[]): Promise<Measured> {
  const timed = existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const fromChild = /"maxRssKiB":\s*(\d+)/.exec(stdout);
      const kib = fromTime ? Number(fromTime[1]) : fromChild ? Number(fromChild[1]) : undefined;
      resolve({ seconds, peakRssMiB: kib === undefined ? undefined : kib / 1024, stdout, stderr, code });
    });
  });
}

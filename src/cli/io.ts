/** Where a command writes: injectable so tests run the CLI in-process. */
export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  /** stderr is a terminal (progress and colour are shown only then). */
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): Io {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export function useColor(io: Io, tty: boolean): boolean {
  return tty && !('NO_COLOR' in io.env && io.env.NO_COLOR !== undefined);
}

/** Options every command accepts. */
export interface GlobalOptions {
  config: string;
  json?: boolean;
  quiet?: boolean;
}

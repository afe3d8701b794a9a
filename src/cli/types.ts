import type { Command } from 'commander';
import type { Io } from './io.js';

/** One CLI command per file in `src/cli/`, exporting `command`. */
export interface CliCommand {
  name: string;
  /** Add the command to the program; its action resolves to the exit code. */
  register(program: Command, io: Io, exit: (code: number) => void): void;
}

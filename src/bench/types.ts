/** The contract of a benchmark module: `src/bench/<name>.ts` exporting `bench`. */
export interface BenchOptions {
  /** Run the largest sizes too (`--full` or BENCH_FULL=1). */
  full: boolean;
  /** Scratch folder for generated inputs (`bench-data/`, git-ignored). */
  dataDir: string;
  log: (line: string) => void;
  /** The CLI script to run with node, as a user runs it (see _entry.ts). */
  cli: string;
}

export interface BenchResult {
  title: string;
  headers: string[];
  rows: string[][];
  /** Whether every target of docs/architecture.md "Performance targets" was met. */
  targetMet: boolean;
  /** The printed verdict when `target met` would claim more than was measured (e.g. a target that applies only at --full sizes). */
  verdict?: string;
  notes: string[];
}

export interface Bench {
  name: string;
  run(options: BenchOptions): Promise<BenchResult>;
}

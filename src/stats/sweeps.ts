/**
 * Runs of one role grouped into sweeps: runs that name the same parameters belong to one
 * matrix, whose axes are the parameters that vary between them. Runs naming other parameters
 * (another tool, another sweep) form their own matrix, so no table mixes them into cells of
 * missing values and no "best" is picked across unrelated runs. Groups keep the runs' order and
 * come in the order of their first run.
 */
export function groupSweeps<T>(runs: readonly T[], params: (run: T) => Record<string, unknown>): T[][] {
  const groups = new Map<string, T[]>();
  for (const run of runs) {
    const key = Object.keys(params(run)).sort().join('\u0000');
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()];
}

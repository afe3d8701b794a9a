import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { UsageError } from '../../diagnostics/diagnostic.js';
import type { ServingBenchmark } from '../../records.js';
import type { CiMethod } from '../../stats/compare.js';
import { fixed, signedPct } from '../../render/format.js';
import type { Io } from '../io.js';
import type { CliCommand } from '../types.js';

/** `+20%`, `20%`, `20` -> 20. */
export function parseTarget(s: string): number {
  const m = /^\s*\+?(-?\d+(?:\.\d+)?)\s*(?:%\s*)?$/.exec(s);
  if (!m) throw new UsageError(`--target ${s}: expected a percentage such as +20%`);
  return Number(m[1]);
}

/**
 * A file on disk, or else the id of a manifest entry of the config's evidence (`<id>:<line>`
 * names one run of a several-run entry, as the documents do).
 */
async function loadBenchmark(arg: string, io: Io, configFile: string, runOption: string, runLine: number | undefined): Promise<ServingBenchmark> {
  const abs = path.resolve(io.cwd, arg);
  let record;
  let line = runLine;
  if (existsSync(abs)) {
    const [{ openArtifact }, { parseArtifact }] = await Promise.all([import('../../evidence/artifact.js'), import('../../evidence/parse-file.js')]);
    const parsed = await parseArtifact(await openArtifact(abs, arg));
    if (!parsed.valid) throw new UsageError(`${arg} is not valid evidence: ${parsed.diagnostics.map((d) => d.message).join('; ')}`, parsed.diagnostics);
    record = parsed.record;
  } else {
    const config = loadConfig(configFile, io.cwd);
    const { readManifest } = await import('../../evidence/manifest.js');
    const read = readManifest(config.evidenceDirAbs, 'manifest.json');
    if (!('manifest' in read)) throw new UsageError(`${arg}: no such file, and no manifest to look it up as an entry id`, read.diagnostics);
    const byRun = /^(.*):(\d+)$/.exec(arg);
    const entry = read.manifest.entries.find((e) => e.id === arg) ?? (byRun ? read.manifest.entries.find((e) => e.id === byRun[1]) : undefined);
    if (entry && entry.id !== arg && byRun) line ??= Number(byRun[2]);
    if (!entry) throw new UsageError(`${arg}: no such file and no manifest entry with that id (ids: ${read.manifest.entries.map((e) => e.id).join(', ')})`);
    record = entry.record;
  }
  if (record?.kind !== 'serving-benchmark') throw new UsageError(`${arg} is ${record?.kind ?? 'not parsed'}, not a serving-benchmark: compare needs benchmark evidence`);
  return pickRun(record, arg, runOption, line);
}

/**
 * A file holding several runs (a sweep) is compared run by run: which one is the user's choice,
 * never silently the last. A one-run file needs no choice.
 */
async function pickRun(record: ServingBenchmark, arg: string, runOption: string, line: number | undefined): Promise<ServingBenchmark> {
  const { splitRuns, describeRuns } = await import('../../analysis/runs.js');
  const runs = splitRuns(record);
  if (line === undefined) {
    if (runs.length > 1) throw new UsageError(`${arg} holds ${runs.length} runs: ${describeRuns(runs)}; choose one with ${runOption} <line>`);
    return record;
  }
  if (runs.length <= 1) throw new UsageError(`${runOption} ${line}: ${arg} holds one run, so there is nothing to choose`);
  const run = runs.find((r) => r.line === line);
  if (!run) throw new UsageError(`${runOption} ${line}: ${arg} has no run at line ${line}; its runs: ${describeRuns(runs)}`);
  return run.record;
}

function runLine(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${option} ${value}: expected the line number of a run (a positive integer)`);
  return Number(value);
}

/** How the interval was computed, in the words of the README's statistics section. */
function ciMethodText(m: CiMethod): string {
  return m.name === 'bootstrap'
    ? `percentile bootstrap, ${m.resamples} resamples, seed ${m.seed}`
    : `asymptotic: normal theory and the delta method, both sides have ${m.minSamples.toLocaleString('en-US')} samples or more`;
}

export const command: CliCommand = {
  name: 'compare',
  register(program: Command, io: Io, exit) {
    program
      .command('compare')
      .argument('<baseline>', 'baseline benchmark file or manifest entry id')
      .argument('<candidate>', 'candidate benchmark file or manifest entry id')
      .option('--metric <metric>', 'record field, e.g. e2el.mean, ttft.p99, throughput.requestsPerS', 'e2el.mean')
      .option('--target <pct>', 'required improvement, e.g. +20%; exit 1 when not met')
      .option('--baseline-run <line>', 'the run to compare when the baseline file holds several (its line)')
      .option('--candidate-run <line>', 'the run to compare when the candidate file holds several (its line)')
      .description('statistics of the change from baseline to candidate')
      .action(async (baselineArg: string, candidateArg: string, local: { metric: string; target?: string; baselineRun?: string; candidateRun?: string }) => {
        // Implementations load on use: a command pays start-up time only for its own modules.
        const [{ compare, resolvePair }, { decideTarget }] = await Promise.all([import('../../stats/compare.js'), import('../../analysis/target.js')]);
        const opts = program.opts<{ config: string; json?: boolean; quiet?: boolean }>();
        const targetPct = local.target !== undefined ? parseTarget(local.target) : undefined;
        // Both at once: a large file is read in a worker thread while the other is read here. The baseline's error, if any, is reported first.
        const [loadedBaseline, loadedCandidate] = await Promise.allSettled([
          loadBenchmark(baselineArg, io, opts.config, '--baseline-run', runLine('--baseline-run', local.baselineRun)),
          loadBenchmark(candidateArg, io, opts.config, '--candidate-run', runLine('--candidate-run', local.candidateRun)),
        ]);
        if (loadedBaseline.status === 'rejected') throw loadedBaseline.reason;
        if (loadedCandidate.status === 'rejected') throw loadedCandidate.reason;
        const baseline = loadedBaseline.value;
        const candidate = loadedCandidate.value;
        let rb, rc;
        try {
          [rb, rc] = resolvePair(baseline, candidate, local.metric, { baseline: `baseline ${baselineArg}`, candidate: `candidate ${candidateArg}` });
        } catch (e) {
          throw new UsageError(`--metric: ${(e as Error).message}`);
        }
        const result = compare(rb, rc, { metric: local.metric, direction: rb.direction, ...(targetPct !== undefined ? { targetPct } : {}) });
        if (opts.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
        else {
          const unit = rb.direction === 'lower-is-better' ? ' ms' : '';
          io.stdout(
            [
              `metric       ${result.metric} (${rb.direction})`,
              `baseline     ${fixed(result.baseline, 3)}${unit}`,
              `candidate    ${fixed(result.candidate, 3)}${unit}`,
              `improvement  ${signedPct(result.improvementPct, 2)}`,
              `95% CI       ${result.ci95 ? `[${signedPct(result.ci95[0], 2)}, ${signedPct(result.ci95[1], 2)}]` : 'n/a'}${result.ciMethod ? ` (${ciMethodText(result.ciMethod)})` : ''}`,
              `p-value      ${result.pValue === null ? 'n/a' : result.pValue < 1e-4 ? result.pValue.toExponential(2) : fixed(result.pValue, 4)} (Mann-Whitney U, two-sided)`,
              `significant  ${result.significant === null ? 'n/a' : result.significant ? 'yes' : 'no'}`,
              // The same rule as the report and the profile (analysis/target.ts); here significance is required only when measurable.
              ...(result.targetPct !== null
                ? [`target       ${signedPct(result.targetPct, 1)}: ${result.targetMet ? 'met' : 'NOT met'} (${decideTarget(result, { metric: result.metric, improvementPct: result.targetPct, significant: false }).reason})`]
                : []),
              ...(result.note ? [`note         ${result.note}`] : []),
            ].join('\n') + '\n',
          );
        }
        exit(result.targetMet === false ? 1 : 0);
      });
  },
};

import { defineAnalyser } from '../../analysis/analyser.js';
import type { AnalysisFacts } from '../../analysis/index.js';
import { analyseScheduling, type SchedulingAnalysis } from '../../analysis/scheduling.js';
import { analyseStartup, type StartupAnalysis } from '../../analysis/startup.js';
import type { BenchmarkAnalysis } from '../../analysis/benchmarks.js';
import type { ServiceLog } from '../../records.js';

declare module '../../analysis/index.js' {
  interface Analysis {
    /** Absent without a service log. */
    scheduling?: SchedulingAnalysis;
    startup: StartupAnalysis;
  }
}

function schedulingFacts(s: SchedulingAnalysis | undefined): AnalysisFacts {
  if (!s) return { done: false, why: 'no service log', values: { schedulerLines: 0 } };
  const lines = s.prefillLines + s.decodeLines;
  return {
    done: lines > 0,
    ...(lines ? {} : { why: 'the service logs have no scheduler Prefill/Decode batch lines' }),
    values: { schedulerLines: lines, kvBudget: s.kv.gpuBlocks !== undefined, maxNumSeqs: s.maxNumSeqs !== undefined },
  };
}

/**
 * What the formal benchmark tells the scheduling analysis: its file's parameters (a several-run
 * file's own fields are its last run's) for max_num_seqs when the logs lack it, and the first
 * formal run's TTFT share.
 */
function formalContext(b: BenchmarkAnalysis): Parameters<typeof analyseScheduling>[1] {
  const first = b.formal[0];
  if (!first) return {};
  const file = b.entryOf[first.id]!;
  const last = b.formal.filter((f) => b.entryOf[f.id] === file).at(-1)!;
  return { benchParams: last.params, benchId: file, ...(first.ttftSharePct !== undefined ? { ttftSharePct: first.ttftSharePct } : {}) };
}

export const analysers = [
  defineAnalyser<ServiceLog, 'scheduling', 'benchmarks'>({
    kind: 'service-log',
    key: 'scheduling',
    reads: ['benchmarks'],
    run: ({ entries, earlier }) => analyseScheduling(entries, formalContext(earlier.benchmarks)),
    facts: { name: 'scheduling', of: schedulingFacts },
  }),
  defineAnalyser<ServiceLog, 'startup'>({
    kind: 'service-log',
    key: 'startup',
    reads: [],
    run: ({ entries }) => analyseStartup(entries),
  }),
];

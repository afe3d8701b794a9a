import type { Manifest } from '../evidence/manifest.js';
import type { CompareTarget } from '../profile.js';
import type { Role, ServingBenchmark } from '../records.js';
import { compare, resolvePair, type CompareResult } from '../stats/compare.js';
import { describeRuns, splitRuns } from './runs.js';
import { cannotTell, decideTarget, type TargetDecision } from './target.js';

/** The profile's compare requirement on this evidence: exactly one benchmark (one run) per side, decided by target.ts. */
export interface ProfileTargetAnalysis {
  target: CompareTarget;
  decision: TargetDecision;
  result?: CompareResult;
  baselineId?: string;
  candidateId?: string;
  /** JSON pointer of the entry (or list) a finding should point at. */
  pointer: string;
}

export function evaluateProfileTarget(target: CompareTarget, manifest: Manifest): ProfileTargetAnalysis {
  const pick = (role: Role) => {
    const found = manifest.entries.map((e, i) => ({ e, i })).filter(({ e }) => e.role === role && e.record?.kind === 'serving-benchmark');
    if (found.length === 1) {
      const { e, i } = found[0]!;
      const runs = splitRuns(e.record as ServingBenchmark);
      // A sweep is several benchmarks: which run the target is about is not for us to guess.
      if (runs.length > 1) return { pointer: `/entries/${i}`, reason: `${e.id} (role ${role}) holds ${runs.length} runs: ${describeRuns(runs)}; the profile compares one run per side` };
      return { entry: e, pointer: `/entries/${i}` };
    }
    return { pointer: '/entries', reason: `expected exactly one serving-benchmark entry with role ${role}, found ${found.length}${found.length ? ` (${found.map(({ e }) => e.id).join(', ')})` : ''}` };
  };
  const b = pick(target.baseline);
  if (!b.entry) return { target, decision: cannotTell(b.reason!), pointer: b.pointer };
  const c = pick(target.candidate);
  if (!c.entry) return { target, decision: cannotTell(c.reason!), pointer: c.pointer };
  const ids = { baselineId: b.entry.id, candidateId: c.entry.id, pointer: c.pointer };
  try {
    const [bm, cm] = resolvePair(b.entry.record as ServingBenchmark, c.entry.record as ServingBenchmark, target.metric, {
      baseline: `baseline ${b.entry.id}`,
      candidate: `candidate ${c.entry.id}`,
    });
    const result = compare(bm, cm, { metric: target.metric, direction: bm.direction, targetPct: target.improvementPct });
    return { target, decision: decideTarget(result, target), result, ...ids };
  } catch (e) {
    // A metric the records do not have, or a zero baseline: a finding, never a crash.
    return { target, decision: cannotTell((e as Error).message), ...ids };
  }
}

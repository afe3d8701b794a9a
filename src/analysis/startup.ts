import type { ServiceLog, ServiceLogEvent } from '../records.js';

/**
 * Service start attempts, from the logs: each `Start api server with args: ...` line (event
 * `launch.args`) opens an attempt in its log; the attempt failed when a failure event follows
 * before the next attempt, succeeded when `startup.ready` does. Failure events of the other logs
 * (a worker's KV-cache error, say) are given as the cause when exactly one attempt failed, since
 * the logs share no request id to pair them otherwise. The succeeded attempt's arguments are the
 * launch parameters the environment section shows.
 */
const FAILURE_CODES = new Set(['engine.init-failed', 'worker.launch-failed', 'kv.blocks-negative', 'port.in-use']);

type Event = ServiceLogEvent & { id: string };

export interface StartAttempt {
  n: number;
  id: string;
  line: number;
  args: Record<string, number | string | boolean>;
  outcome: 'failed' | 'succeeded' | 'unknown';
  failure?: Event;
  causes: Event[];
}

export interface StartupAnalysis {
  attempts: StartAttempt[];
  /** Arguments of the attempt that succeeded (the last one when several did). */
  launch?: { id: string; line: number; args: Record<string, number | string | boolean> };
}

export function analyseStartup(logs: { id: string; record: ServiceLog }[]): StartupAnalysis {
  const attempts: StartAttempt[] = [];
  const attemptLogs = new Set<string>();
  for (const { id, record } of logs) {
    const starts = record.events.filter((e) => e.code === 'launch.args');
    if (!starts.length) continue;
    attemptLogs.add(id);
    starts.forEach((s, i) => {
      const end = starts[i + 1]?.line ?? Infinity;
      const within = record.events.filter((e) => e.line > s.line && e.line < end);
      const failure = within.find((e) => FAILURE_CODES.has(e.code));
      const ready = within.find((e) => e.code === 'startup.ready');
      attempts.push({
        n: attempts.length + 1,
        id,
        line: s.line,
        args: { ...(s.data ?? {}) },
        outcome: failure ? 'failed' : ready ? 'succeeded' : 'unknown',
        ...(failure ? { failure: { ...failure, id } } : {}),
        causes: [],
      });
    });
  }
  const failed = attempts.filter((a) => a.outcome === 'failed');
  if (failed.length === 1) {
    failed[0]!.causes = logs.filter((l) => !attemptLogs.has(l.id)).flatMap(({ id, record }) => record.events.filter((e) => FAILURE_CODES.has(e.code)).map((e) => ({ ...e, id })));
  }
  const ok = attempts.filter((a) => a.outcome === 'succeeded').at(-1);
  return { attempts, ...(ok ? { launch: { id: ok.id, line: ok.line, args: ok.args } } : {}) };
}

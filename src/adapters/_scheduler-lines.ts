import type { SchedulingLog, SchedulingPoint } from '../records.js';

/**
 * FastDeploy's scheduler metrics lines (engine/sched/scheduler_metrics_logger.py, written to the
 * server's stdout, i.e. console.log or the nohup file), e.g.
 *   `Prefill batch, dp_rank: 0, #new-seq: 1, #new-token: 1410, #cached-token: 0, token usage: 0.01, #free-block: 39360, #evictable-block: 0, #running-req: 1, #queue-req: 0, `
 *   `Decode batch, dp_rank: 0, #running-req: 4, #token: 5888, token usage: 0.04, #free-block: 39292, #evictable-block: 0, cuda graph: False, gen throughput (token/s): 312.40, #queue-req: 0, `
 * A decode line is written every FD_CONSOLE_DECODE_LOG_INTERVAL decode steps (default 5); older
 * builds omit the block counts. Fields are found by name, so new ones do not break parsing.
 * The compact progress form some builds write to fastdeploy.log,
 *   `running: 1, waiting: 0, blocks used: 18/39384, cuda_graph=False, gen throughput=133.64 tok/s`,
 * is read as a decode line (usage = used / total blocks).
 */
const BATCH = /^(Prefill batch|Decode bootstrap batch from prefill|Decode batch),\s*(.*)$/;
const PROGRESS = /\brunning:\s*(\d+),\s*waiting:\s*(\d+)(?:,\s*blocks used:\s*(\d+)\s*\/\s*(\d+))?.*?\bgen throughput\s*(?:\([^)]*\))?\s*[=:]\s*(\d+(?:\.\d+)?)/;
const FIELD = /(#?[a-z][a-z -]*?(?: \(token\/s\))?):\s*(-?\d+(?:\.\d+)?|True|False)\s*(?:,|$)/g;

/** Seconds since an arbitrary epoch for `YYYY-MM-DD HH:MM:SS[,mmm]`, time zone ignored (only differences are used). */
function timestampSeconds(ts: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?/.exec(ts);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return ms / 1000 + (m[7] ? Number(`0.${m[7]}`) : 0);
}

export class SchedulerLines {
  private readonly points: SchedulingPoint[] = [];
  private first?: { ts: string; s: number };
  private prefill = 0;
  private decode = 0;
  private queuedLines = 0;

  /** Take a log message (header stripped) with its record's timestamp; false when it is not a scheduler line. */
  see(message: string, timestamp: string | undefined): boolean {
    const m = BATCH.exec(message);
    const fields = new Map<string, string>();
    if (m) for (const f of m[2]!.matchAll(FIELD)) fields.set(f[1]!.trim(), f[2]!);
    else {
      const p = PROGRESS.exec(message);
      if (!p) return false;
      fields.set('#running-req', p[1]!).set('#queue-req', p[2]!).set('gen throughput (token/s)', p[5]!);
      if (p[3] !== undefined && Number(p[4]) > 0) fields.set('token usage', String(Number(p[3]) / Number(p[4]))).set('#free-block', String(Number(p[4]) - Number(p[3])));
    }
    const num = (k: string) => (fields.has(k) ? Number(fields.get(k)) : undefined);
    const running = num('#running-req');
    const queued = num('#queue-req');
    if (running === undefined || queued === undefined) return false;
    const s = timestamp !== undefined ? timestampSeconds(timestamp) : undefined;
    if (s !== undefined && timestamp !== undefined) this.first ??= { ts: timestamp, s };
    const phase = !m || m[1] === 'Decode batch' ? 'decode' : 'prefill';
    const usage = num('token usage');
    const free = num('#free-block');
    const gen = num('gen throughput (token/s)');
    const point: SchedulingPoint = {
      // Lines without a timestamp (console format of some builds) are placed after the previous one.
      tS: s !== undefined && this.first ? round(s - this.first.s) : (this.points.at(-1)?.tS ?? 0),
      phase,
      running,
      queued,
      ...(usage !== undefined ? { usagePct: round(usage * 100) } : {}),
      ...(free !== undefined ? { freeBlocks: free } : {}),
      ...(phase === 'decode' && gen !== undefined ? { genTokPerS: gen } : {}),
    };
    this.points.push(point);
    if (phase === 'decode') this.decode++;
    else this.prefill++;
    if (queued > 0) this.queuedLines++;
    return true;
  }

  result(): SchedulingLog | undefined {
    if (!this.points.length) return undefined;
    return {
      ...(this.first ? { firstTimestamp: this.first.ts } : {}),
      prefillLines: this.prefill,
      decodeLines: this.decode,
      queuedLines: this.queuedLines,
      series: this.points,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { gpuSamplesRecord, noteDevice, type GpuDevice, type GpuPoint } from './_gpu-samples.js';
import { ATTACHED, BANNER, END, parseTimestampLine, TIMESTAMP, VERSION } from './_mxsmi.js';
import type { Adapter } from './types.js';

/** `GPU#0  MXC500  0000:08:00.0`: index, board name, bus id. */
const BLOCK = /^GPU#(\d+)\s+(\S+)(?:\s+(\S+))?\s*$/;
const VRAM_TOTAL = /^\s*vram total\s*:\s*(\d+)\s*KB\s*$/i;
const VRAM_USED = /^\s*vram used\s*:\s*(\d+)\s*KB\s*$/i;
const GPU_USAGE = /^\s*GPU\s*:\s*(\d+(?:\.\d+)?)\s*%\s*$/;

interface Block {
  line: number;
  index: number;
  name: string;
  busId?: string;
  totalKb?: number;
  usedKb?: number;
  util?: number;
}

interface Snapshot {
  startLine: number;
  banner: boolean;
  tMs?: number;
  attached?: number;
  blocks: Block[];
}

/**
 * MetaX `mx-smi --show-memory --show-usage [-l ms]`: per snapshot, `GPU#N NAME BUS` blocks with
 * `vram total/used : N KB` and `GPU : N %` lines. Both views are needed: the record requires
 * utilisation and memory for every sample.
 */
export const adapter: Adapter = {
  id: 'mx-smi-show',
  kind: 'gpu-samples',
  title: 'MetaX `mx-smi --show-memory --show-usage` snapshots and sampling logs',
  recognisedBy: '`MetaX System Management Interface Log` banner with `GPU#N` blocks holding `vram used : N KB` or `GPU : N %` lines',
  extracts: 'devices (index, board name, bus id, memory), snapshots, duration, utilisation avg/max, peak memory (KB -> MiB), series',
  cannotKnow:
    'per-process utilisation; utilisation when only `--show-memory` was printed',

  detect(input) {
    const h = input.head;
    if (!h.includes('MetaX System Management Interface Log') || !/^GPU#\d+\s/m.test(h)) return 0;
    return /^\s*vram used\s*:/im.test(h) || /^\s*GPU\s*:\s*\d+(?:\.\d+)?\s*%/m.test(h) ? 0.9 : 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const at = (line: number, column = 1) => ({ file: input.displayPath, line, column });
    const devices = new Map<number, GpuDevice>();
    const points: GpuPoint[] = [];
    let snapshots = 0;
    let untimed = false;
    let cur: Snapshot | undefined;

    const close = (terminated: boolean) => {
      const s = cur!;
      cur = undefined;
      const complete = s.blocks.filter((b) => b.util !== undefined && b.usedKb !== undefined);
      if (!terminated) {
        const kept = complete.length > 0 && complete.length === s.blocks.length && (s.attached === undefined || s.attached === s.blocks.length);
        diagnostics.push(warning('mx-smi-show.truncated', `snapshot starting at line ${s.startLine} has no \`End of Log\`: ${kept ? 'kept, its GPU blocks are complete' : 'dropped, its GPU blocks are incomplete'}`, at(s.startLine)));
        if (!kept) return;
      }
      for (const b of s.blocks) {
        if (b.util === undefined) diagnostics.push(error('mx-smi-show.no-usage', `GPU#${b.index} block has no \`GPU : N %\` line: utilisation is required, record with \`mx-smi --show-memory --show-usage\``, at(b.line)));
        if (b.usedKb === undefined) diagnostics.push(error('mx-smi-show.no-memory', `GPU#${b.index} block has no \`vram used : N KB\` line: memory is required, record with \`mx-smi --show-memory --show-usage\``, at(b.line)));
      }
      if (complete.length === 0) return;
      snapshots++;
      if (s.tMs === undefined) untimed = true;
      for (const b of complete) {
        points.push({ device: b.index, utilPct: b.util!, memUsedMiB: b.usedKb! / 1024, ...(s.tMs === undefined ? {} : { tMs: s.tMs }) });
        noteDevice(devices, { index: b.index, name: b.name, ...(b.busId ? { busId: b.busId } : {}), ...(b.totalKb === undefined ? {} : { memoryTotalMiB: b.totalKb / 1024 }) });
      }
    };
    const open = (n: number, banner: boolean) => {
      if (cur) close(false);
      cur = { startLine: n, banner, blocks: [] };
    };

    let n = 0;
    for await (const raw of input.lines()) {
      const text = raw.trimEnd();
      n++;
      if (VERSION.test(text)) open(n, false);
      else if (BANNER.test(text)) {
        if (!cur || cur.banner) open(n, true);
        else cur.banner = true;
      } else if (!cur) continue;
      else if (END.test(text)) close(true);
      else if (TIMESTAMP.test(text)) {
        const t = parseTimestampLine(text);
        if (t.tMs === undefined) diagnostics.push(error('mx-smi-show.bad-timestamp', `expected a timestamp like \`Mon Sep  7 07:00:31 2026\`, found \`${t.value}\``, at(n, t.column)));
        else cur.tMs = t.tMs;
      } else if (ATTACHED.test(text)) cur.attached = Number(ATTACHED.exec(text)![1]);
      else readBlockLine(cur, text, n, (message, column) => diagnostics.push(error('mx-smi-show.bad-value', message, at(n, column))));
    }
    if (cur) close(false);
    if (!diagnostics.some((d) => d.severity === 'error') && points.length === 0) {
      diagnostics.push(error('mx-smi-show.no-devices', 'no `GPU#N` blocks with `vram used : N KB` and `GPU : N %` lines found', at(1)));
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    if (untimed) diagnostics.push(warning('mx-smi-show.no-timestamp', 'a snapshot has no `Timestamp` line: durationS and the time series are left out', at(1)));
    return { record: gpuSamplesRecord('mx-smi', devices.values(), points, snapshots), diagnostics };
  },
};

/** A `GPU#N` header or one of the memory/usage lines of the current block. */
function readBlockLine(s: Snapshot, text: string, n: number, fail: (message: string, column: number) => void): void {
  const head = BLOCK.exec(text);
  if (head) {
    s.blocks.push({ line: n, index: Number(head[1]), name: head[2]!, ...(head[3] ? { busId: head[3] } : {}) });
    return;
  }
  const b = s.blocks[s.blocks.length - 1];
  if (!b) return;
  const total = VRAM_TOTAL.exec(text);
  const used = VRAM_USED.exec(text);
  const usage = GPU_USAGE.exec(text);
  if (total) b.totalKb = Number(total[1]);
  else if (used) b.usedKb = Number(used[1]);
  else if (usage) {
    if (Number(usage[1]) > 100) fail(`expected a GPU utilisation of 0-100%, found ${usage[1]}%`, text.indexOf(usage[1]!) + 1);
    else b.util = Number(usage[1]);
  }
}

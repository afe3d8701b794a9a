import { gpuSamplesRecord, noteDevice, type GpuDevice, type GpuPoint } from './_gpu-samples.js';
import { ATTACHED, BANNER, END, parseTimestampLine, TIMESTAMP, VERSION } from './_mxsmi.js';
import { LineFindings, splitCells, type Cell } from './_smi-box.js';
import type { Adapter } from './types.js';

/** The line under the header rows: `|=====+=====|` (the Process box has one without `+`). */
const HEADER_RULE = /^\|=+(\+=+)*\|$/;

/** MetaX `mx-smi` default view, one snapshot or a sampling log of many (`-l <ms>`, shell loops). */
export const adapter: Adapter = {
  id: 'mx-smi',
  kind: 'gpu-samples',
  title: 'MetaX `mx-smi` snapshots and sampling logs (box layouts of 2.2.x and 2.3.x)',
  recognisedBy: '`MetaX System Management Interface Log` banner with a device box table (`Memory-Usage` header cell)',
  extracts: 'devices (index, name, bus id, memory), snapshots, duration, utilisation avg/max, peak memory, per-snapshot series',
  cannotKnow:
    'time between snapshots unless each has its Timestamp; per-process utilisation',

  detect(input) {
    const h = input.head;
    const banner = h.includes('MetaX System Management Interface Log');
    const table = /^\|.*Memory-Usage/m.test(h);
    if (banner && table) return 0.95;
    if (VERSION.test(h) && table) return 0.9;
    if (banner) return 0.3;
    return /mx-?smi/i.test(input.name) ? 0.25 : 0;
  },

  async parse(input) {
    const p = new MxSmiParser(input.displayPath);
    let n = 0;
    for await (const line of input.lines()) p.line(line.trimEnd(), ++n);
    return p.finish();
  },
};

/** Where a header word sits: header row, cell, word position and the cell's word count. */
interface FieldPos {
  row: number;
  cell: number;
  word: number;
  words: number;
}

interface Header {
  line: number;
  cellCounts: number[];
  fields: Map<string, FieldPos>;
}

interface Value {
  text: string;
  line: number;
  column: number;
}

interface Snapshot {
  startLine: number;
  banner: boolean;
  tMs?: number;
  attached?: number;
  phase: 'before-table' | 'rows' | 'after-table';
  pending: { text: string; n: number }[];
  header?: Header;
  group: { text: string; n: number }[];
  points: GpuPoint[];
  devices: GpuDevice[];
  tableComplete: boolean;
  /** Errors reported before this snapshot: more at close means it is broken, so no warnings. */
  errorsBefore: number;
}

class MxSmiParser extends LineFindings {
  private readonly devices = new Map<number, GpuDevice>();
  private readonly points: GpuPoint[] = [];
  private snapshots = 0;
  private firstBanner?: number;
  private untimed = false;
  private lastLine = 0;
  private cur?: Snapshot;

  line(text: string, n: number): void {
    this.lastLine = n;
    if (VERSION.test(text)) return this.open(n, false);
    if (BANNER.test(text)) {
      this.firstBanner ??= n;
      if (!this.cur || this.cur.banner) this.open(n, true);
      else this.cur.banner = true;
      return;
    }
    const s = this.cur;
    if (!s) return;
    if (END.test(text)) return this.close(true);
    if (TIMESTAMP.test(text) && s.phase === 'before-table') return this.timestamp(s, text, n);
    const attached = ATTACHED.exec(text);
    if (attached && s.phase === 'before-table') {
      s.attached = Number(attached[1]);
      return;
    }
    this.tableLine(s, text, n);
  }

  finish() {
    if (this.cur) this.close(false);
    if (this.points.length === 0 && this.errors() === 0) {
      this.err('mx-smi.no-devices', 'no device rows found: expected mx-smi snapshots with a box table of `| GPU NAME | Bus-id | GPU-Util |` / `| ... | Memory-Usage | ... |` rows', this.firstBanner ?? 1, 1);
    }
    if (this.errors() > 0) return { diagnostics: this.diagnostics };
    if (this.untimed) this.warn('mx-smi.no-timestamp', 'a snapshot has no `Timestamp` line: durationS and the time series are left out', 1);
    return { record: gpuSamplesRecord('mx-smi', this.devices.values(), this.points, this.snapshots, { wallClock: true }), diagnostics: this.diagnostics };
  }

  private open(n: number, banner: boolean): void {
    if (this.cur) this.close(false);
    this.cur = { startLine: n, banner, phase: 'before-table', pending: [], group: [], points: [], devices: [], tableComplete: false, errorsBefore: this.errors() };
  }

  /** Ends the current snapshot; one without `End of Log` is kept only if its table is whole. */
  private close(terminated: boolean): void {
    const s = this.cur!;
    this.cur = undefined;
    if (s.phase === 'rows') {
      // Cut inside the table: whole only if every attached device was read.
      if (terminated) this.endTable(s, this.lastLine, '`End of Log`');
      else s.tableComplete = s.group.length === 0 && s.attached === s.points.length;
    }
    if (this.errors() > s.errorsBefore) return;
    if (!terminated) {
      const kept = s.tableComplete && s.points.length > 0;
      this.warn(
        'mx-smi.truncated',
        `snapshot starting at line ${s.startLine} has no \`End of Log\` (truncated log?): ${kept ? 'its complete device table is kept' : 'it is dropped, its device table is incomplete'}`,
        s.startLine,
      );
      if (!kept) return;
    }
    if (s.points.length === 0) {
      if (s.header) this.warn('mx-smi.empty-snapshot', `snapshot starting at line ${s.startLine} has no device rows: skipped`, s.startLine);
      return;
    }
    if (s.attached !== undefined && s.attached !== s.points.length) {
      this.warn('mx-smi.device-count', `snapshot starting at line ${s.startLine} says \`Attached GPUs : ${s.attached}\` but its table has ${s.points.length} devices`, s.startLine);
    }
    if (s.tMs === undefined) this.untimed = true;
    this.snapshots++;
    for (const pt of s.points) this.points.push({ ...pt, ...(s.tMs === undefined ? {} : { tMs: s.tMs }) });
    for (const d of s.devices) noteDevice(this.devices, d);
  }

  private timestamp(s: Snapshot, text: string, n: number): void {
    const t = parseTimestampLine(text);
    if (t.tMs === undefined) this.err('mx-smi.bad-timestamp', `expected a timestamp like \`Mon Sep  7 07:00:31 2026\`, found \`${t.value}\``, n, t.column);
    else s.tMs = t.tMs;
  }

  private tableLine(s: Snapshot, text: string, n: number): void {
    if (s.phase === 'after-table') return;
    if (s.phase === 'rows') {
      if (/^\|\s*Process:/.test(text)) this.endTable(s, n, `the Process box`);
      else if (/^[|+]-/.test(text)) this.endGroup(s, n, `\`${text.slice(0, 8)}...\``);
      else if (text.startsWith('|')) {
        s.group.push({ text, n });
        if (s.group.length === s.header!.cellCounts.length) this.device(s);
      } else this.endTable(s, n, text === '' ? 'an empty line' : `\`${text}\``);
      return;
    }
    if (/^\|\s*Process:/.test(text)) s.phase = 'after-table';
    else if (HEADER_RULE.test(text)) this.header(s);
    else if (/^[|+]-/.test(text)) s.pending = [];
    else if (text.startsWith('|')) s.pending.push({ text, n });
  }

  /** Reads the header rows above `|===+===|`, mapping each header word to its cell. */
  private header(s: Snapshot): void {
    const rows = s.pending;
    s.pending = [];
    s.phase = 'after-table';
    if (rows.length === 0) return;
    const fields = new Map<string, FieldPos>();
    const cellCounts: number[] = [];
    rows.forEach((r, row) => {
      const cells = splitCells(r.text);
      cellCounts.push(cells.length);
      cells.forEach((c, cell) => {
        const words = c.raw.trim().split(/\s+/).filter(Boolean);
        words.forEach((w, word) => {
          const key = w.toLowerCase();
          if (!fields.has(key)) fields.set(key, { row, cell, word, words: words.length });
        });
      });
    });
    const header: Header = { line: rows[0]!.n, cellCounts, fields };
    const missing = [['GPU-Util'], ['Memory-Usage'], ['GPU', 'Board']].find((names) => !names.some((x) => fields.has(x.toLowerCase())));
    if (missing) {
      this.err('mx-smi.missing-column', `device table header has no \`${missing.join('` or `')}\` cell: expected header rows like \`| GPU NAME | Bus-id | GPU-Util |\` / \`| Temp Pwr:Usage/Cap | Memory-Usage | GPU-State |\``, header.line, 1);
      return;
    }
    s.header = header;
    s.phase = 'rows';
  }

  /** A `+---+` line: the device rows above it must be complete. */
  private endGroup(s: Snapshot, n: number, found: string): void {
    if (s.group.length > 0) {
      const h = s.header!;
      this.err(
        'mx-smi.incomplete-row',
        `device row at line ${s.group[0]!.n} has ${s.group.length} of ${h.cellCounts.length} lines: expected a line with Memory-Usage (like \`826/65536 MiB\`), found ${found}`,
        n,
        1,
      );
    }
    s.group = [];
  }

  private endTable(s: Snapshot, n: number, found: string): void {
    this.endGroup(s, n, found);
    s.phase = 'after-table';
    s.tableComplete = true;
  }

  private device(s: Snapshot): void {
    const h = s.header!;
    const rows = s.group.map((g) => ({ ...g, cells: splitCells(g.text) }));
    s.group = [];
    for (const [i, r] of rows.entries()) {
      if (r.cells.length !== h.cellCounts[i]) {
        this.err('mx-smi.bad-row', `expected ${h.cellCounts[i]} \`|\`-separated cells as in the header at line ${h.line + i}, found ${r.cells.length}`, r.n, 1);
        return;
      }
    }
    const get = (name: string): Value | undefined => {
      const pos = h.fields.get(name);
      return pos && fieldValue(rows[pos.row]!.cells[pos.cell]!, pos, rows[pos.row]!.n);
    };
    const index = this.number(get('gpu') ?? get('board')!, /^(\d+)$/, 'a device index like `0`');
    const util = this.number(get('gpu-util')!, /^(\d+(?:\.\d+)?)\s*%$/, 'a utilisation like `37%`');
    const mem = this.match(get('memory-usage')!, /^(\d+(?:\.\d+)?)\s*(?:MiB)?\s*\/\s*(\d+(?:\.\d+)?)\s*MiB$/i, 'Memory-Usage like `826/65536 MiB`');
    if (index === undefined || util === undefined || !mem) return;
    if (util > 100) {
      this.err('mx-smi.bad-value', `expected a utilisation of 0-100%, found ${util}%`, get('gpu-util')!.line, get('gpu-util')!.column);
      return;
    }
    const name = get('name')?.text;
    const busId = get('bus-id')?.text;
    s.devices.push({ index, ...(name ? { name } : {}), ...(busId ? { busId } : {}), memoryTotalMiB: Number(mem[2]) });
    s.points.push({ device: index, utilPct: util, memUsedMiB: Number(mem[1]) });
  }

  private number(v: Value, re: RegExp, what: string): number | undefined {
    const m = this.match(v, re, what);
    return m ? Number(m[1]) : undefined;
  }

  private match(v: Value, re: RegExp, what: string): RegExpExecArray | undefined {
    const m = re.exec(v.text);
    if (!m) this.err(v.text === '' ? 'mx-smi.missing-value' : 'mx-smi.bad-value', `expected ${what}, found ${v.text === '' ? 'an empty cell' : `\`${v.text}\``}`, v.line, v.column);
    return m ?? undefined;
  }
}

/**
 * The value under one header word. A cell holds as many values as its header has words
 * (`GPU NAME` -> `0  MetaX C500`): each word takes one token, the last word takes the rest.
 */
function fieldValue(cell: Cell, pos: FieldPos, line: number): Value {
  const tokens = [...cell.raw.matchAll(/\S+/g)];
  const first = tokens[pos.word];
  if (!first) return { text: '', line, column: cell.start + 1 };
  const last = pos.word === pos.words - 1 ? tokens[tokens.length - 1]! : first;
  const from = first.index!;
  return { text: cell.raw.slice(from, last.index! + last[0].length).replace(/\s+/g, ' '), line, column: cell.start + from + 1 };
}

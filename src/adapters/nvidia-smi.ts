import { gpuSamplesRecord, noteDevice, type GpuDevice, type GpuPoint } from './_gpu-samples.js';
import { LineFindings, parseAsctime, splitCells } from './_smi-box.js';
import type { Adapter } from './types.js';

/** `| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4 |` */
const BANNER = /^\|\s*NVIDIA-SMI\s+\d/;
/** nvidia-smi prints the time of a snapshot above its box, C asctime: `Fri Apr  5 11:58:55 2026`. */
const ASCTIME = /^[A-Z][a-z]{2}\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\s+\d{4}\s*$/;
/** The rule under the header rows: `|=====+=====+=====|`. */
const HEADER_RULE = /^\|=+(\+=+)+\|\s*$/;
/** Between two devices, and under the last: `+-----+-----+-----+` (older drivers: `|-----+...`). */
const GROUP_RULE = /^[|+]-+(\+-+)+[|+]\s*$/;

/** Where each needed value sits: row of the device group and cell, found from the header words. */
interface Layout {
  line: number;
  rows: number;
  cells: number[];
  name: { row: number; cell: number; persistence: boolean };
  busId?: { row: number; cell: number };
  memory: { row: number; cell: number };
  util: { row: number; cell: number };
}

interface Snapshot {
  startLine: number;
  tMs?: number;
  phase: 'before-table' | 'header' | 'rows' | 'done';
  pending: { text: string; n: number }[];
  layout?: Layout;
  group: { text: string; n: number }[];
  points: GpuPoint[];
  devices: GpuDevice[];
  /** Lines of device rows whose GPU-Util is `N/A`. */
  notAvailable: number[];
  closed: boolean;
}

/**
 * The default view of `nvidia-smi` (the box table), one snapshot or a sampling log of many
 * (`nvidia-smi -l 1`, a shell loop). The box layout changed over driver releases (wider cells and a
 * third `MIG M.` header row from 450 on, `Persistence-M` packed against the border before): values
 * are located by the header words (`Name`, `Bus-Id`, `Memory-Usage`, `GPU-Util`), never by
 * column offsets. The Processes box is per process and is not read.
 */
export const adapter: Adapter = {
  id: 'nvidia-smi',
  kind: 'gpu-samples',
  title: 'NVIDIA `nvidia-smi` default view: snapshots and sampling logs (`nvidia-smi -l N`)',
  recognisedBy: 'an `| NVIDIA-SMI <version>  Driver Version: ...` banner with a device box table (`Memory-Usage` and `GPU-Util` header cells); a file named `env*`/`environment*` is left to the environment adapter',
  extracts: 'devices (index, name, bus id, total memory), snapshots, duration and series when each snapshot has its time line, utilisation avg/max, peak memory used',
  cannotKnow: 'time between snapshots unless each has its time line; utilisation where the driver prints `N/A` (MIG, some boards); per-process utilisation',

  detect(input) {
    const h = input.head;
    const banner = /^\|\s*NVIDIA-SMI\s+\d/m.test(h);
    const table = /^\|.*Memory-Usage.*\|/m.test(h) && /GPU-Util/.test(h);
    // A snapshot saved as the environment capture (`env_nvidia-smi.txt`) is read for its driver
    // and CUDA versions by the environment adapter, as its author meant.
    if (/(?:^|[_.-])(?:env|environment)(?:[_.-]|$)/i.test(input.name)) return banner ? 0.2 : 0;
    if (banner && table) return 0.9;
    return banner ? 0.3 : 0;
  },

  async parse(input) {
    const p = new NvidiaSmiParser(input.displayPath);
    let n = 0;
    for await (const line of input.lines()) p.line(line.trimEnd(), ++n);
    return p.finish();
  },
};

class NvidiaSmiParser extends LineFindings {
  private readonly devices = new Map<number, GpuDevice>();
  private readonly points: GpuPoint[] = [];
  private snapshots = 0;
  private untimed = false;
  private notAvailable: number[] = [];
  private cur?: Snapshot;
  /** A time line seen before the banner it belongs to. */
  private pendingTime?: { tMs: number; n: number };

  line(text: string, n: number): void {
    if (ASCTIME.test(text)) {
      const tMs = parseAsctime(text.trim());
      if (tMs !== undefined) this.pendingTime = { tMs, n };
      return;
    }
    if (BANNER.test(text)) return this.open(n);
    const s = this.cur;
    if (!s || s.phase === 'done') return;
    if (s.phase === 'rows') return this.rowLine(s, text, n);
    if (HEADER_RULE.test(text)) return this.header(s, n);
    if (GROUP_RULE.test(text)) {
      s.pending = [];
      s.phase = 'header';
    } else if (text.startsWith('|') && s.phase === 'header') s.pending.push({ text, n });
  }

  finish() {
    if (this.cur) this.close();
    if (this.points.length === 0 && this.devices.size > 0 && this.errors() === 0) {
      // A record of no utilisation would read as 0 %: that is not what the file says.
      this.err('nvidia-smi.no-utilisation', `GPU-Util is \`N/A\` on every device row (first at line ${this.notAvailable[0]}): no utilisation to report; sample with \`nvidia-smi dmon\` or \`--query-gpu\` where the board has the counter`, this.notAvailable[0] ?? 1, 1);
    }
    if (this.points.length === 0 && this.errors() === 0) {
      this.err('nvidia-smi.no-devices', 'no device rows found: expected an nvidia-smi box table with `| GPU  Name ... | Bus-Id ... |` / `| ... | Memory-Usage | GPU-Util ... |` header rows and a row per GPU', 1, 1);
    }
    if (this.errors() > 0) return { diagnostics: this.diagnostics };
    if (this.notAvailable.length) {
      this.warn('nvidia-smi.util-not-available', `GPU-Util is \`N/A\` on ${this.notAvailable.length} device row(s) (first at line ${this.notAvailable[0]}; MIG mode or a board without the counter): those rows are left out of utilisation and memory`, this.notAvailable[0]!);
    }
    if (this.untimed) this.warn('nvidia-smi.no-timestamp', 'a snapshot has no time line (like `Fri Apr  5 11:58:55 2026`) above its box: durationS and the time series are left out', 1);
    return { record: gpuSamplesRecord('nvidia-smi', this.devices.values(), this.points, this.snapshots, { wallClock: true }), diagnostics: this.diagnostics };
  }

  private open(n: number): void {
    if (this.cur) this.close();
    // The time line belongs to this banner when nothing but the box's top border came between.
    const tMs = this.pendingTime && n - this.pendingTime.n <= 2 ? this.pendingTime.tMs : undefined;
    this.pendingTime = undefined;
    this.cur = { startLine: n, phase: 'before-table', pending: [], group: [], points: [], devices: [], notAvailable: [], closed: false, ...(tMs !== undefined ? { tMs } : {}) };
  }

  private close(): void {
    const s = this.cur!;
    this.cur = undefined;
    if (!s.layout) return;
    // A sampling log stopped with Ctrl-C ends inside its last table: what is whole is kept.
    if (s.group.length || !s.closed) {
      const kept = s.devices.length;
      this.warn('nvidia-smi.truncated', `snapshot starting at line ${s.startLine} ends inside its device table (log cut short?): ${kept ? `its ${kept} complete device row(s) are kept` : 'it has no complete device row and is left out'}`, s.group[0]?.n ?? s.startLine);
      if (!kept) return;
    }
    if (!s.devices.length) return;
    this.notAvailable.push(...s.notAvailable);
    if (s.tMs === undefined) this.untimed = true;
    this.snapshots++;
    for (const pt of s.points) this.points.push({ ...pt, ...(s.tMs === undefined ? {} : { tMs: s.tMs }) });
    for (const d of s.devices) noteDevice(this.devices, d);
  }

  /** The header rows above `|===+===|`: which row and cell of a device group holds each value. */
  private header(s: Snapshot, n: number): void {
    const rows = s.pending.map((r) => splitCells(r.text).map((c) => c.raw.trim().split(/\s+/).filter(Boolean)));
    s.pending = [];
    const find = (word: string) => {
      for (const [row, cells] of rows.entries()) {
        const cell = cells.findIndex((words) => words.some((w) => w.toLowerCase() === word.toLowerCase()));
        if (cell >= 0) return { row, cell };
      }
      return undefined;
    };
    const name = find('Name');
    const memory = find('Memory-Usage');
    const util = find('GPU-Util');
    const busId = find('Bus-Id');
    if (!name || !memory || !util) {
      const missing = !name ? 'Name' : !memory ? 'Memory-Usage' : 'GPU-Util';
      this.err('nvidia-smi.missing-column', `device table header has no \`${missing}\` cell: expected header rows like \`| GPU  Name  Persistence-M | Bus-Id  Disp.A | Volatile Uncorr. ECC |\` / \`| Fan  Temp  Perf  Pwr:Usage/Cap | Memory-Usage | GPU-Util  Compute M. |\``, n, 1);
      s.phase = 'done';
      return;
    }
    const persistence = rows[name.row]![name.cell]!.some((w) => w.toLowerCase() === 'persistence-m');
    s.layout = { line: n, rows: rows.length, cells: rows.map((r) => r.length), name: { ...name, persistence }, ...(busId ? { busId } : {}), memory, util };
    s.phase = 'rows';
  }

  private rowLine(s: Snapshot, text: string, n: number): void {
    if (GROUP_RULE.test(text)) {
      if (s.group.length) {
        this.err('nvidia-smi.incomplete-row', `device row at line ${s.group[0]!.n} has ${s.group.length} of ${s.layout!.rows} lines: expected another \`|\` row before \`${text.slice(0, 12)}...\``, n, 1);
      }
      s.group = [];
      s.closed = true;
      return;
    }
    if (!text.startsWith('|')) {
      // A blank line ends the device table (the Processes or MIG box follows).
      if (!s.group.length) s.phase = 'done';
      return;
    }
    s.closed = false;
    s.group.push({ text, n });
    if (s.group.length === s.layout!.rows) this.device(s);
  }

  private device(s: Snapshot): void {
    const l = s.layout!;
    const rows = s.group.map((g) => ({ ...g, cells: splitCells(g.text) }));
    s.group = [];
    for (const [i, r] of rows.entries()) {
      if (r.cells.length !== l.cells[i]) {
        this.err('nvidia-smi.bad-row', `expected ${l.cells[i]} \`|\`-separated cells as in the header, found ${r.cells.length}`, r.n, 1);
        return;
      }
    }
    const at = (pos: { row: number; cell: number }) => {
      const cell = rows[pos.row]!.cells[pos.cell]!;
      const from = cell.raw.search(/\S|$/);
      return { text: cell.raw.trim(), line: rows[pos.row]!.n, column: cell.start + from + 1 };
    };
    // `0  NVIDIA A100-SXM4-80GB  On`: index first, the persistence mode last when the header has it.
    const nameCell = at(l.name);
    const words = nameCell.text.split(/\s+/);
    if (!/^\d+$/.test(words[0] ?? '')) return this.err('nvidia-smi.bad-value', `expected a device index like \`0\` first, found \`${nameCell.text}\``, nameCell.line, nameCell.column);
    const index = Number(words[0]);
    const name = words.slice(1, l.name.persistence && words.length > 2 ? -1 : undefined).join(' ');
    const mem = at(l.memory);
    const m = /^(\d+)\s*MiB\s*\/\s*(\d+)\s*MiB$/i.exec(mem.text);
    if (!m) return this.err('nvidia-smi.bad-value', `expected Memory-Usage like \`30994MiB / 81920MiB\`, found \`${mem.text}\``, mem.line, mem.column);
    const utilCell = at(l.util);
    const utilText = utilCell.text.split(/\s+/)[0] ?? '';
    const busId = l.busId ? at(l.busId).text.split(/\s+/)[0] : undefined;
    s.devices.push({ index, ...(name ? { name } : {}), ...(busId ? { busId } : {}), memoryTotalMiB: Number(m[2]) });
    if (utilText === 'N/A') {
      s.notAvailable.push(utilCell.line);
      return;
    }
    const u = /^(\d+(?:\.\d+)?)%$/.exec(utilText);
    if (!u || Number(u[1]) > 100) return this.err('nvidia-smi.bad-value', `expected GPU-Util like \`97%\` (0-100) or \`N/A\`, found \`${utilText}\``, utilCell.line, utilCell.column);
    s.points.push({ device: index, utilPct: Number(u[1]), memUsedMiB: Number(m[1]) });
  }
}

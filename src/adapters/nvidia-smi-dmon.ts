import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { gpuSamplesRecord, roundsOf, type GpuPoint } from './_gpu-samples.js';
import type { Adapter } from './types.js';

const DAY_MS = 86_400_000;
/** `nvidia-smi pmon` header: `# gpu        pid  type    sm    mem ...` (with -o T/DT, after Date/Time). */
const PMON_HEADER = /^#\s*(?:Date\s+)?(?:Time\s+)?gpu\s+pid\s+type\b/im;

interface Token {
  text: string;
  column: number;
}

/**
 * `nvidia-smi dmon` (e.g. `-s pucm`, `-o DT`): whitespace columns under `#` header rows (names,
 * then units), repeated now and then. Columns are found by name, since drivers add some (jpg, ofa).
 * Plain `dmon` on recent drivers prints no `fb` column (`mem` there is memory bandwidth %, not
 * memory used): utilisation is kept and memory is unknown. `nvidia-smi pmon` (per process,
 * `# gpu pid type sm mem ...`) looks alike but its rows are processes, not devices: refused.
 */
export const adapter: Adapter = {
  id: 'nvidia-smi-dmon',
  kind: 'gpu-samples',
  title: 'NVIDIA `nvidia-smi dmon` monitoring logs (`-s pucm`, optional `-o DT`)',
  recognisedBy: 'a `# gpu ... sm ...` header row followed by a `# Idx ...` units row',
  extracts: 'devices, sampling rounds, utilisation (sm %) avg/max, peak framebuffer memory (fb), series when -o T/DT gives times',
  cannotKnow: 'memory used without an `fb` column (plain `dmon` on recent drivers); device names and total memory (never printed)',

  detect(input) {
    const h = input.head;
    // pmon is claimed too, so that it is refused with the reason instead of read as text.
    if (PMON_HEADER.test(h)) return 0.95;
    if (/^#\s*(?:Date\s+)?(?:Time\s+)?gpu\s.*\bsm\b/im.test(h) && /^#\s*(?:\S+\s+)*Idx\b/m.test(h)) return 0.95;
    return /dmon/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const diagnostics: Diagnostic[] = [];
    const at = (line: number, column: number) => ({ file: input.displayPath, line, column });
    const points: GpuPoint[] = [];
    let names: string[] | undefined;
    let lastTime: { ms: number; dayOffset: number } | undefined;
    let skipped = 0;
    let n = 0;
    for await (const text of input.lines()) {
      n++;
      if (text.trim() === '') continue;
      if (text.startsWith('#')) {
        const header = text.slice(1).trim().split(/\s+/).map((s) => s.toLowerCase());
        if (!header.includes('gpu')) continue; // the units row
        if (header.includes('pid')) {
          diagnostics.push(
            error(
              'nvidia-smi-dmon.pmon',
              'this is `nvidia-smi pmon` output (one row per process: `# gpu pid type sm mem ...`), not device samples: per-process utilisation neither adds up to nor bounds the device\'s',
              { ...at(n, 1), hint: 'sample the devices with `nvidia-smi dmon -s um -o DT` (sm = utilisation %, fb = memory used MB) or `nvidia-smi --query-gpu=timestamp,index,utilization.gpu,memory.used,memory.total --format=csv -lms 500`' },
            ),
          );
          return { diagnostics };
        }
        const missing = ['gpu', 'sm'].filter((c) => !header.includes(c));
        if (missing.length > 0) {
          diagnostics.push(error('nvidia-smi-dmon.missing-column', `header has no \`${missing.join('`, `')}\` column: record with \`nvidia-smi dmon -s um\` (sm = utilisation %, fb = memory used MB)`, at(n, 1)));
          return { diagnostics };
        }
        if (!header.includes('fb') && !names) {
          diagnostics.push(
            warning('nvidia-smi-dmon.no-memory', 'the header has no `fb` column (plain `dmon` on recent drivers; its `mem` is memory bandwidth %, not memory used): utilisation read, memory used not known', {
              ...at(n, 1),
              hint: 'record with `nvidia-smi dmon -s um` to get memory used (fb, MB) as well',
            }),
          );
        }
        names = header;
        continue;
      }
      if (!names) {
        diagnostics.push(error('nvidia-smi-dmon.no-header', 'data before the `# gpu ...` header row: expected nvidia-smi dmon output', at(n, 1)));
        return { diagnostics };
      }
      const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: m.index! + 1 }));
      if (tokens.length !== names.length) {
        diagnostics.push(error('nvidia-smi-dmon.bad-row', `expected ${names.length} columns as in the header, found ${tokens.length}`, at(n, 1)));
        continue;
      }
      const col = (name: string) => (names!.includes(name) ? tokens[names!.indexOf(name)] : undefined);
      const fail = (t: Token, what: string) => diagnostics.push(error('nvidia-smi-dmon.bad-value', `expected ${what}, found \`${t.text}\``, at(n, t.column)));
      const device = col('gpu')!;
      const sm = col('sm')!;
      const fb = col('fb');
      if (!/^\d+$/.test(device.text)) {
        fail(device, 'a GPU index');
        continue;
      }
      if (sm.text === '-' || fb?.text === '-') {
        skipped++;
        continue;
      }
      if (!/^\d+$/.test(sm.text) || Number(sm.text) > 100) {
        fail(sm, 'sm utilisation 0-100');
        continue;
      }
      if (fb && !/^\d+$/.test(fb.text)) {
        fail(fb, 'fb memory in MB');
        continue;
      }
      const point: GpuPoint = { device: Number(device.text), utilPct: Number(sm.text), ...(fb ? { memUsedMiB: Number(fb.text) } : {}) };
      const time = col('time');
      if (time) {
        const ms = clockMs(col('date'), time);
        if (ms === undefined) {
          fail(time, 'a time HH:MM:SS (and date YYYYMMDD)');
          continue;
        }
        // Time without date: a clock that runs backwards crossed midnight.
        const dayOffset = !col('date') && lastTime && ms < lastTime.ms ? lastTime.dayOffset + DAY_MS : (lastTime?.dayOffset ?? 0);
        lastTime = { ms, dayOffset };
        point.tMs = ms + dayOffset;
      }
      points.push(point);
    }
    if (!diagnostics.some((d) => d.severity === 'error') && points.length === 0) diagnostics.push(error('nvidia-smi-dmon.no-samples', 'no sample rows under the `# gpu ...` header', at(Math.max(n, 1), 1)));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    if (skipped > 0) diagnostics.push(warning('nvidia-smi-dmon.not-available', `${skipped} row(s) show \`-\` for sm or fb: skipped`, { file: input.displayPath }));
    const devices = [...new Set(points.map((p) => p.device))].map((index) => ({ index }));
    return { record: gpuSamplesRecord('nvidia-smi-dmon', devices, points, roundsOf(points)), diagnostics };
  },
};

/** `20260907` + `07:00:31` (or the time alone, as ms into the day), read as a UTC wall clock. */
function clockMs(date: Token | undefined, time: Token): number | undefined {
  const t = /^(\d{2}):(\d{2}):(\d{2})$/.exec(time.text);
  if (!t) return undefined;
  const [h, mi, s] = [t[1], t[2], t[3]].map(Number) as [number, number, number];
  if (h > 23 || mi > 59 || s > 60) return undefined;
  if (!date) return ((h * 60 + mi) * 60 + s) * 1000;
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.text);
  if (!d) return undefined;
  return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), h, mi, s);
}

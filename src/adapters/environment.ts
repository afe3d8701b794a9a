import { error, warning } from '../diagnostics/diagnostic.js';
import type { Environment } from '../records.js';
import { commandHeader } from './_capture.js';
import type { Adapter } from './types.js';

/**
 * Packages worth listing in an RFC: Paddle and its ecosystem (paddle*, covering paddleocr,
 * paddlex, paddle2onnx and device plugins), FastDeploy, and the few libraries whose version
 * changes serving performance. A full `pip list` would bury them.
 */
const KEEP_PREFIX = /^(?:paddle|fastdeploy|opencv)/;
const KEEP_EXACT = new Set(['numpy', 'transformers', 'triton']);

const PIP_HEADER = /^Package\s+Version(?:\s|$)/;
const PIP_RULE = /^-+(?:\s+-+)+\s*$/;
const PIP_ROW = /^([A-Za-z0-9][\w.-]*)\s+(\d[\w.+!-]*)(?:\s+\S.*)?$/;
const PIP_FREEZE = /^([A-Za-z0-9][\w.-]*)==([^\s;]+)\s*$/;
const UNAME = /^Linux\s+\S+\s+(\d+\.\d[\w.+~-]*)\s+#/;
const RELEASE_ONLY = /^(\d+\.\d+\.\d[\w.+~-]*)$/;
const OS_KEY = /^(PRETTY_NAME|NAME|VERSION)=(["']?)(.*)\2\s*$/;
const PYTHON = /^Python\s+(\d+\.\d+(?:\.\d+)?[\w.+-]*)\s*$/;
const PADDLE_VERSION = /^\s*full_version:\s*(\S+)/;
const PADDLE_COMMIT = /^\s*commit:\s*([0-9a-f]{7,40})\b/;
const DRIVER = /\bDriver Version:?\s+(\d[\w.-]*)/;
const NVIDIA_LIST = /^GPU (\d+): (.+?) \(UUID:/;
const BUS_ID = /\b[0-9a-fA-F]{4,8}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]\b/;

/** Content that only an environment capture has. */
const STRONG_SIGNS = [/^Package\s+Version\s*\r?\n-+\s+-+/m, /^Linux\s+\S+\s+\d+\.\d\S*\s+#\d/m, /^PRETTY_NAME=/m, /^\s*full_version:\s*\S+/m];
/** Environment commands a section header may name, so a combined capture outranks the smi adapters. */
const ENV_COMMANDS = /\b(uname|pip3? (?:list|freeze)|os-release|paddle\.version|python3? -(?:-version|V)|nvidia-smi|mx-smi)\b/;

/** Distinct environment commands named by the section headers of a capture. */
function capturedCommands(text: string): Set<string> {
  const names = new Set<string>();
  // No command name anywhere means no header names one: skip splitting and matching every line.
  if (!ENV_COMMANDS.test(text)) return names;
  for (const line of text.split(/\r?\n|\r/)) {
    const m = ENV_COMMANDS.exec(commandHeader(line) ?? '');
    if (m) names.add(m[1]!);
  }
  return names;
}

/** Everything found so far; sources name what was recognised (`pip-list`, `uname`, ...). */
interface Found {
  sources: Set<string>;
  os: Partial<Record<'PRETTY_NAME' | 'NAME' | 'VERSION', string>>;
  kernel?: string;
  python?: string;
  paddleVersion?: string;
  paddleCommit?: string;
  driver?: string;
  /** The device toolkit from the smi banner: `MACA 3.2.1.10`, `CUDA 12.4`. */
  toolkit?: string;
  /** Versions of the measuring tools (mx-smi, nvidia-smi, nsys, py-spy). */
  tools: Map<string, string>;
  /** First snapshot wins: GPU sampling logs repeat the same devices. */
  devices: Map<number, string>;
  packages: Map<string, string>;
}

interface PipTable {
  state: 'none' | 'header' | 'rows';
  rows: number;
  problem?: { line: number; message: string };
}

/** Environment captures: pip list/freeze, uname -a, /etc/os-release, paddle.version.show(), smi headers. */
export const adapter: Adapter = {
  id: 'environment',
  kind: 'environment',
  title: 'Environment capture (`pip list`, `uname -a`, `/etc/os-release`, `paddle.version.show()`, `python --version`, smi header), alone or concatenated',
  recognisedBy:
    '`Package  Version` table, `Linux <host> <release> #...` line, `PRETTY_NAME=`, `full_version:`; ' +
    'sections introduced by `$ cmd`, `user@host:~$ cmd`, `## cmd` or `==== cmd ====`',
  extracts: 'os, kernel release, python, paddle, fastdeploy, driver, toolkit (MACA/CUDA), tool versions (mx-smi, nvidia-smi, nsys, py-spy), device names, versions of paddle*/fastdeploy*/opencv*/numpy/transformers/triton',

  detect(input) {
    const h = input.head;
    const strong = STRONG_SIGNS.filter((re) => re.test(h)).length;
    const total = strong + (/^Python\s+\d+\.\d+\.\d+\s*$/m.test(h) ? 1 : 0) + capturedCommands(h).size;
    if (total >= 3 || (strong >= 1 && total >= 2)) return 0.95;
    if (strong === 1) return 0.8;
    if (total >= 1) return 0.5;
    return /(?:^|[_.-])(?:env|environment|pip[_-]?list|uname|os-release)(?:[_.-]|$)/i.test(input.name) ? 0.3 : 0;
  },

  async parse(input) {
    const found: Found = { sources: new Set(), os: {}, devices: new Map(), packages: new Map(), tools: new Map() };
    const pip: PipTable = { state: 'none', rows: 0 };
    let section = '';
    let nonBlank = 0;
    let lineNo = 0;
    for await (const line of input.lines()) {
      lineNo++;
      if (line.trim() !== '') nonBlank++;
      const header = commandHeader(line);
      if (header !== undefined) {
        section = header;
        endPip(pip, lineNo, line);
        continue;
      }
      scanPip(found, pip, line, lineNo);
      if (pip.state === 'none') scanLine(found, line, section);
    }
    endPip(pip, lineNo + 1, undefined);
    const at = (line: number, column = 1) => ({ file: input.displayPath, line, column });
    if (found.sources.size > 0) {
      const diagnostics = pip.problem ? [warning('environment.pip-table', pip.problem.message, at(pip.problem.line))] : [];
      return { record: toRecord(found), diagnostics };
    }
    if (pip.problem) return { diagnostics: [error('environment.pip-table', pip.problem.message, at(pip.problem.line))] };
    const message =
      nonBlank === 0
        ? 'empty file: expected an environment capture (pip list, uname -a, /etc/os-release, paddle.version.show(), python --version)'
        : 'no environment capture found: expected a `Package  Version` table, a `uname -a` line, `PRETTY_NAME=`, ' +
          '`full_version:`, `Python X.Y.Z`, or an nvidia-smi/mx-smi header';
    return { diagnostics: [error(nonBlank === 0 ? 'environment.empty' : 'environment.unrecognised', message, at(1))] };
  },
};

/** pip's table: header, a rule of dashes, then `name  version [location]` rows until anything else. */
function scanPip(found: Found, pip: PipTable, line: string, lineNo: number): void {
  if (PIP_HEADER.test(line)) {
    endPip(pip, lineNo, line);
    pip.state = 'header';
    pip.rows = 0;
  } else if (pip.state === 'header') {
    if (PIP_RULE.test(line)) pip.state = 'rows';
    else endPip(pip, lineNo, line);
  } else if (pip.state === 'rows') {
    const m = PIP_ROW.exec(line);
    if (!m) return endPip(pip, lineNo, line);
    found.packages.set(m[1]!, m[2]!);
    found.sources.add('pip-list');
    pip.rows++;
  }
}

/** Close the table at `lineNo` (the line that ended it, or undefined at end of file); a table without rows is a problem. */
function endPip(pip: PipTable, lineNo: number, line: string | undefined): void {
  if (pip.state !== 'none' && pip.rows === 0) {
    const what = pip.state === 'header' ? "the `----  ----` rule under pip's `Package  Version` header" : '`name  version` rows in the pip table';
    const seen = line === undefined ? 'the end of the file (truncated capture?)' : `\`${line.trim().slice(0, 80)}\``;
    pip.problem ??= { line: lineNo, message: `expected ${what}, found ${seen}` };
  }
  pip.state = 'none';
}

function scanLine(found: Found, line: string, section: string): void {
  let m: RegExpExecArray | null;
  if ((m = PIP_FREEZE.exec(line))) {
    found.packages.set(m[1]!, m[2]!);
    found.sources.add('pip-freeze');
  } else if ((m = UNAME.exec(line)) || (/\buname\s+-r\b/.test(section) && (m = RELEASE_ONLY.exec(line.trim())))) {
    found.kernel ??= m[1]!;
    found.sources.add('uname');
  } else if ((m = OS_KEY.exec(line))) {
    found.os[m[1] as keyof Found['os']] ??= m[3]!;
    found.sources.add('os-release');
  } else if ((m = PYTHON.exec(line))) {
    found.python ??= m[1]!;
    found.sources.add('python-version');
  } else if ((m = PADDLE_VERSION.exec(line))) {
    found.paddleVersion ??= m[1]!;
    found.sources.add('paddle-version');
  } else if ((m = PADDLE_COMMIT.exec(line))) {
    found.paddleCommit ??= m[1]!;
    found.sources.add('paddle-version');
  } else {
    scanSmi(found, line);
  }
}

/** `MACA Version: 3.2.1.10` (mx-smi banner), `CUDA Version: 12.4` (nvidia-smi banner). */
const TOOLKIT = /\b(MACA|CUDA) Version:\s*([\d.]+)/;
const TOOL_VERSIONS: [string, RegExp][] = [
  ['mx-smi', /\bmx-smi\s+version:\s*([\d.]+)/i],
  ['nvidia-smi', /\bNVIDIA-SMI ([\d.]+)/],
  ['nsys', /NVIDIA Nsight Systems version ([\w.-]+)/],
];

/** nvidia-smi / mx-smi: the driver, toolkit and tool version from the banner, device names from the box rows or `-L`. */
function scanSmi(found: Found, line: string): void {
  if (/\bNVIDIA-SMI \d/.test(line) || /^GPU \d+: .+\(UUID:/.test(line)) found.sources.add('nvidia-smi');
  if (/\bmx-smi\s+version:|\bMX-SMI \d/i.test(line)) found.sources.add('mx-smi');
  const driver = DRIVER.exec(line);
  if (driver) found.driver ??= driver[1]!;
  const toolkit = TOOLKIT.exec(line);
  if (toolkit) found.toolkit ??= `${toolkit[1]!.toUpperCase()} ${toolkit[2]!}`;
  for (const [tool, re] of TOOL_VERSIONS) {
    const m = re.exec(line);
    if (m && !found.tools.has(tool)) found.tools.set(tool, m[1]!);
  }
  const listed = NVIDIA_LIST.exec(line);
  const device = listed ? { index: Number(listed[1]), name: listed[2]! } : boxDevice(line);
  if (device && !found.devices.has(device.index)) found.devices.set(device.index, device.name);
}

/**
 * A device row of an smi box table: the first cell is `<index>  <name>` (nvidia-smi appends the
 * persistence mode `On`/`Off`) and some cell holds a PCI bus id. Both tools and all mx-smi
 * layouts share this, whatever the other cells are.
 */
function boxDevice(line: string): { index: number; name: string } | undefined {
  if (!line.startsWith('|') || !BUS_ID.test(line)) return undefined;
  const first = /^\s*(\d+)\s+(\S.*?)\s*$/.exec(line.split('|')[1] ?? '');
  if (!first) return undefined;
  const name = first[2]!.replace(/\s+(?:On|Off)$/, '');
  return /[A-Za-z]/.test(name) ? { index: Number(first[1]), name } : undefined;
}

function toRecord(found: Found): Environment {
  const record: Environment = {
    kind: 'environment',
    tool: found.sources.size === 1 ? [...found.sources][0]! : 'combined',
  };
  const os = found.os.PRETTY_NAME ?? [found.os.NAME, found.os.VERSION].filter((s) => s !== undefined).join(' ');
  if (os !== '') record.os = os;
  if (found.kernel !== undefined) record.kernel = found.kernel;
  if (found.python !== undefined) record.python = found.python;
  const paddle = paddleVersion(found);
  if (paddle !== undefined) record.paddle = paddle;
  const fastdeploy = pick(found.packages, /^fastdeploy(?:-.+)?$/);
  if (fastdeploy !== undefined) record.fastdeploy = fastdeploy;
  if (found.devices.size > 0) record.devices = [...found.devices.entries()].sort(([a], [b]) => a - b).map(([, name]) => name);
  if (found.driver !== undefined) record.driver = found.driver;
  if (found.toolkit !== undefined) record.toolkit = found.toolkit;
  const pySpy = found.packages.get('py-spy');
  if (pySpy !== undefined && !found.tools.has('py-spy')) found.tools.set('py-spy', pySpy);
  if (found.tools.size > 0) record.tools = Object.fromEntries([...found.tools.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  const packages = [...found.packages.entries()]
    .filter(([name]) => keep(name))
    .map(([name, version]) => ({ key: normalize(name), name, version }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (packages.length > 0) record.packages = Object.fromEntries(packages.map((p) => [p.name, p.version]));
  return record;
}

/**
 * `paddle.version.show()` is exact; else the Paddle wheel from pip (paddlepaddle[-gpu|-xpu...]
 * before a device plugin such as paddle-metax-gpu). Develop builds report 0.0.0, so the commit is
 * added when that is all the version says.
 */
function paddleVersion(found: Found): string | undefined {
  const version =
    found.paddleVersion ?? pick(found.packages, /^paddlepaddle(?:-.+)?$/) ?? pick(found.packages, /^paddle-[\w-]*(?:gpu|xpu|npu|mlu|dcu|metax|custom)[\w-]*$/);
  const commit = found.paddleCommit?.slice(0, 10);
  if (commit === undefined) return version;
  if (version === undefined) return `commit ${commit}`;
  return /^0\.0\.0/.test(version) ? `${version} (commit ${commit})` : version;
}

/** Version of the alphabetically first package whose normalized name matches. */
function pick(packages: Map<string, string>, re: RegExp): string | undefined {
  const names = [...packages.keys()].filter((n) => re.test(normalize(n))).sort();
  return names.length > 0 ? packages.get(names[0]!) : undefined;
}

/** pip treats `_`, `.` and `-` alike and ignores case in project names. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[_.]+/g, '-');
}

function keep(name: string): boolean {
  const n = normalize(name);
  return KEEP_PREFIX.test(n) || KEEP_EXACT.has(n);
}

/**
 * collect: manifest.json against its published schema, no absolute paths, config-relative
 * sources, BagIt digests, external artifacts over 1024 KB, redaction, stale copies, progress.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { collect } from '../../src/evidence/collect.js';
import { cli, copyExampleEvidence, latencyJson, linesWithId, listFiles, miniConfig, repoRoot, sha256, stage1Config, tempDir, writeTree } from './helpers.js';

interface Entry {
  id: string;
  path: string;
  kind: string;
  tool: string;
  role: string;
  bytes: number;
  sha256: string;
  sourceSha256?: string;
  redactions?: Record<string, number>;
  normalised?: { trailingWhitespaceLines?: number; finalNewline?: string };
  storage: 'inline' | 'external';
  source: string;
  url?: string;
  valid: boolean;
  summary: Record<string, unknown>;
  record?: { kind: string; tool: string; requests?: { total: number } };
}
interface Manifest {
  entries: Entry[];
}

const EVIDENCE = 'out/evidence/20260102_pipeline_test';
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** One ajv with every published schema, independent of the tool's own validator. */
function schemaValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats.default(ajv);
  const dir = path.join(repoRoot, 'schemas');
  for (const rel of listFiles(dir).filter((f) => f.endsWith('.schema.json'))) ajv.addSchema(readJson<object>(path.join(dir, rel)), rel);
  return ajv;
}

/** Every string in a JSON value, with its pointer. */
function strings(v: unknown, pointer = ''): [string, string][] {
  if (typeof v === 'string') return [[pointer, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${pointer}/${i}`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[`${pointer}/${k}#key`, k] as [string, string], ...strings(x, `${pointer}/${k}`)]);
  return [];
}

/** Absolute local paths: leading slash, drive letters, UNC, or the temp/repo folders anywhere. */
function absolutePaths(text: string, value: unknown, roots: string[]): string[] {
  const bad = strings(value)
    .filter(([, s]) => /^\//.test(s) || /^[A-Za-z]:[\\/]/.test(s) || /^\\\\/.test(s))
    .map(([p, s]) => `${p}: ${s}`);
  for (const r of roots) if (text.includes(r)) bad.push(`contains ${r}`);
  if (/"\/tmp\b/.test(text) || /[\s"'=(]\/tmp\//.test(text)) bad.push('contains /tmp');
  return bad;
}

describe('collect on a temp copy of the stage-one example', () => {
  let root: string;
  let evidenceDir: string;
  let manifestText: string;
  let manifest: Manifest;
  let result: Awaited<ReturnType<typeof cli>>;
  const exampleDir = () => path.join(root, 'evidence/examples/metax-paddleocr-vl-stage1');

  beforeAll(async () => {
    root = copyExampleEvidence();
    result = await cli(['collect', '--config', stage1Config], root);
    evidenceDir = path.join(root, 'rfcs/FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1');
    manifestText = readFileSync(path.join(evidenceDir, 'manifest.json'), 'utf8');
    manifest = JSON.parse(manifestText) as Manifest;
  }, 60_000);

  it('exits 0 with a one-line summary on stdout and nothing on a non-TTY stderr', () => {
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('collected 22 file(s) into ../../../rfcs/FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1, 1 external (over 1024 KB)\n');
    expect(result.code).toBe(0);
  });

  it('manifest.json validates against schemas/manifest.schema.json, and each record against its kind schema', () => {
    const ajv = schemaValidator();
    const ok = ajv.validate('manifest.schema.json', manifest);
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    for (const e of manifest.entries) {
      expect(e.valid, e.id).toBe(true);
      expect(e.record?.kind, e.id).toBe(e.kind);
      const recordOk = ajv.validate(`records/${e.kind}.schema.json`, e.record);
      expect(ajv.errors ?? [], e.id).toEqual([]);
      expect(recordOk, e.id).toBe(true);
    }
  });

  it('holds no absolute path anywhere', () => {
    expect(absolutePaths(manifestText, manifest, [root, os.tmpdir(), repoRoot])).toEqual([]);
    const bagit = readFileSync(path.join(evidenceDir, 'manifest-sha256.txt'), 'utf8');
    expect(absolutePaths(bagit, bagit.split('\n'), [root, os.tmpdir(), repoRoot])).toEqual([]);
  });

  it('records every input by its path relative to the config folder, and copies it there', () => {
    // Configs and the patch notes they name are the author's settings, not evidence.
    const inputs = listFiles(exampleDir()).filter((f) => !/^rfc-evidence.*\.ya?ml$/.test(f) && f !== 'patch-notes.yaml' && !f.startsWith('.'));
    expect(manifest.entries.map((e) => e.source).sort()).toEqual(inputs);
    // The 1.1 MB trace is over the 1024 KB limit: recorded with its url, not copied.
    const external = manifest.entries.filter((e) => e.storage === 'external');
    expect(external.map((e) => [e.id, e.url?.startsWith('https://')])).toEqual([['profiling/paddleocr_vl_req0.paddle_trace', true]]);
    for (const e of manifest.entries) {
      expect(e.path).toBe(e.source);
      // Its path without the extension; a numeric suffix (`workerlog.0`) is part of the name.
      expect(e.id).toBe(e.path.replace(/\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$/, ''));
    }
    const copied = inputs.filter((f) => !external.some((e) => e.source === f));
    expect(listFiles(evidenceDir)).toEqual([...copied, 'manifest-sha256.txt', 'manifest.json'].sort());
  });

  it('records the roles of the config, and the real size and digest of each copy', () => {
    // Home folders, the host name in `uname -a` and the author's e-mail in the patch header.
    const REDACTED = new Map<string, [Record<string, number>, (s: string) => string]>([
      ['env/environment', [{ 'uname-host': 1 }, (s) => s.replace('Linux mxc500-dev03 ', 'Linux *** ')]],
      ['patch/fastdeploy_metax_paddleocr_vl', [{ email: 1 }, (s) => s.replace('<linhaoran.dev@example.com>', '<***@example.com>')]],
      ['service/launch_command', [{ 'home-path': 1 }, (s) => s.replaceAll('/home/linhr/', '~/')]],
      ['service/log/fastdeploy', [{ 'home-path': 2 }, (s) => s.replaceAll('/home/linhr/', '~/')]],
    ]);
    const byId = new Map(manifest.entries.map((e) => [e.id, e]));
    expect(byId.get('formal/benchmark_formal')?.role).toBe('benchmark.formal');
    expect(byId.get('matrix/seqs8_len16384')?.role).toBe('benchmark.matrix');
    expect(byId.get('profiling/py-spy_record')?.kind).toBe('tool-error');
    for (const e of manifest.entries.filter((x) => x.storage === 'inline')) {
      const copy = readFileSync(path.join(evidenceDir, e.path));
      expect(e.bytes, e.id).toBe(copy.length);
      expect(e.sha256, e.id).toBe(sha256(copy));
      const original = readFileSync(path.join(exampleDir(), e.source));
      if (REDACTED.has(e.id)) {
        // The copy is redacted and keeps the original's digest.
        const [counts, redact] = REDACTED.get(e.id)!;
        expect(e.redactions, e.id).toEqual(counts);
        expect(e.sourceSha256, e.id).toBe(sha256(original));
        expect(copy.toString('utf8'), e.id).toBe(redact(original.toString('utf8')));
      } else if (e.id.startsWith('matrix/')) {
        // Written by json.dump, without a final newline: the copy gets one, as end-of-file-fixer would.
        expect(e.normalised, e.id).toEqual({ finalNewline: 'added' });
        expect(e.sourceSha256, e.id).toBe(sha256(original));
        expect(copy.toString('utf8'), e.id).toBe(original.toString('utf8') + '\n');
      } else {
        // Everything else holds no secrets or home paths and passes the hooks: copies are byte-identical.
        expect(e.sourceSha256, e.id).toBeUndefined();
        expect(copy.equals(original), e.id).toBe(true);
      }
    }
  });

  it('writes a BagIt manifest-sha256.txt whose lines match the copies', () => {
    const text = readFileSync(path.join(evidenceDir, 'manifest-sha256.txt'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines.length).toBe(21);
    const paths: string[] = [];
    for (const line of lines) {
      const m = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      const [, digest, rel] = m!;
      expect(sha256(readFileSync(path.join(evidenceDir, rel!))), rel).toBe(digest);
      paths.push(rel!);
    }
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(manifest.entries.filter((e) => e.storage === 'inline').map((e) => e.path).sort());
  });

  it('collecting again changes no byte of the manifest', async () => {
    const bagit = readFileSync(path.join(evidenceDir, 'manifest-sha256.txt'), 'utf8');
    const again = await cli(['collect', '--config', stage1Config], root);
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(evidenceDir, 'manifest.json'), 'utf8')).toBe(manifestText);
    expect(readFileSync(path.join(evidenceDir, 'manifest-sha256.txt'), 'utf8')).toBe(bagit);
  });

  it('--json prints the entries (without records) and nothing else on stdout', async () => {
    const r = await cli(['--json', 'collect', '--config', stage1Config], root);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { evidenceDir: string; entries: Entry[]; diagnostics: unknown[] };
    expect(out.evidenceDir).toBe('../../../rfcs/FastDeploy/evidence/20260423_paddleocr_vl_metax_stage1');
    expect(out.entries.map((e) => e.id)).toEqual(manifest.entries.map((e) => e.id));
    expect(out.entries.every((e) => !('record' in e))).toBe(true);
    expect(out.diagnostics).toEqual([]);
  });
});

describe('collect: files outside the config folder', () => {
  it('are recorded by file name only, for relative, absolute and glob inputs', async () => {
    const root = tempDir();
    const proj = path.join(root, 'proj');
    const outsideAbs = path.join(root, 'outside', 'abs_run.json');
    writeTree(root, {
      'outside/rel_run.json': latencyJson([0.4, 0.5]),
      'outside/abs_run.json': latencyJson([0.3, 0.35]),
      'outside/logs/server.log': 'INFO server started\n',
    });
    writeTree(proj, {
      'rfc-evidence.yaml': miniConfig(
        [
          '  - path: ../outside/rel_run.json',
          '    role: benchmark.baseline',
          '    allowOutside: true',
          `  - path: ${JSON.stringify(outsideAbs)}`,
          '    role: benchmark.candidate',
          '    allowOutside: true',
          `  - glob: ${JSON.stringify(path.join(root, 'outside', 'logs', '*.log').split(path.sep).join('/'))}`,
          '    role: log',
          '    allowOutside: true',
        ].join('\n'),
      ),
    });
    const r = await cli(['collect', '--config', 'proj/rfc-evidence.yaml'], root);
    // Each outside input is published only because it says allowOutside, and collect says so.
    expect(linesWithId(r.stderr, 'input.outside-root')).toHaveLength(3);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(proj, EVIDENCE, 'manifest.json'), 'utf8');
    const m = JSON.parse(text) as Manifest;
    expect(m.entries.map((e) => [e.source, e.path, e.role])).toEqual([
      ['rel_run.json', 'benchmark-baseline/rel_run.json', 'benchmark.baseline'],
      ['abs_run.json', 'benchmark-candidate/abs_run.json', 'benchmark.candidate'],
      ['server.log', 'log/server.log', 'log'],
    ]);
    expect(absolutePaths(text, m, [root, os.tmpdir()])).toEqual([]);
    expect(text).not.toContain('outside');
    expect(readFileSync(path.join(proj, EVIDENCE, 'benchmark-candidate/abs_run.json'), 'utf8')).toBe(latencyJson([0.3, 0.35]));
  });

  it('two outside files with the same name get distinct copies', async () => {
    const root = tempDir();
    writeTree(root, { 'a/run.json': latencyJson([0.4]), 'b/run.json': latencyJson([0.5]) });
    writeTree(path.join(root, 'proj'), { 'rfc-evidence.yaml': miniConfig('  - path: ../a/run.json\n    role: log\n    allowOutside: true\n  - path: ../b/run.json\n    role: log\n    allowOutside: true') });
    const r = await cli(['collect', '--config', 'proj/rfc-evidence.yaml'], root);
    expect(r.code).toBe(0);
    const m = readJson<Manifest>(path.join(root, 'proj', EVIDENCE, 'manifest.json'));
    const paths = m.entries.map((e) => e.path);
    expect(new Set(paths).size).toBe(2);
    expect(m.entries.map((e) => e.source)).toEqual(['run.json', 'run.json']);
    const contents = m.entries.map((e) => readFileSync(path.join(root, 'proj', EVIDENCE, e.path), 'utf8')).sort();
    expect(contents).toEqual([latencyJson([0.4]), latencyJson([0.5])]);
  });
});

describe('collect: artifacts over 1024 KB are external', () => {
  const LIMIT = 1024 * 1024;
  /** A text log of exactly `size` bytes. */
  const logOf = (size: number) => {
    const line = 'INFO 2026-04-21 15:30:52 engine.py[line:398] scheduler step done, running=4 waiting=0\n';
    const body = line.repeat(Math.ceil(size / line.length));
    return body.slice(0, size - 1) + '\n';
  };

  it('a large latency JSON: not copied, digest/size/summary of the original recorded, BagIt skips it', async () => {
    const d = tempDir();
    const latencies = Array.from({ length: 12000 }, (_, i) => 0.3 + (i % 50) / 100);
    const big = latencyJson(latencies);
    expect(big.length).toBeGreaterThan(LIMIT);
    writeTree(d, {
      'rfc-evidence.yaml': miniConfig('  - path: bench/big.json\n    role: benchmark.formal\n  - path: bench/small.json\n    role: benchmark.tailcheck'),
      'bench/big.json': big,
      'bench/small.json': latencyJson([0.4, 0.41]),
    });
    const r = await cli(['collect'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`collected 2 file(s) into ${EVIDENCE}, 1 external (over 1024 KB)\n`);
    const m = readJson<Manifest>(path.join(d, EVIDENCE, 'manifest.json'));
    const e = m.entries.find((x) => x.source === 'bench/big.json')!;
    expect(e.storage).toBe('external');
    expect(e.bytes).toBe(Buffer.byteLength(big));
    expect(e.sha256).toBe(sha256(big));
    expect(e.sourceSha256).toBeUndefined();
    expect(e.record?.requests?.total).toBe(12000);
    expect(Object.keys(e.summary).length).toBeGreaterThan(0);
    expect(existsSync(path.join(d, EVIDENCE, e.path))).toBe(false);
    expect(readFileSync(path.join(d, EVIDENCE, 'manifest-sha256.txt'), 'utf8')).toBe(`${sha256(latencyJson([0.4, 0.41]))}  small.json\n`);
  });

  it('the limit is 1024 KB exactly: 1048576 bytes are copied, 1048577 are not', async () => {
    const d = tempDir();
    writeTree(d, {
      'rfc-evidence.yaml': miniConfig('  - glob: logs/*.log\n    role: log'),
      'logs/at_limit.log': logOf(LIMIT),
      'logs/over_limit.log': logOf(LIMIT + 1),
    });
    const r = await cli(['collect'], d);
    expect(r.code).toBe(0);
    const m = readJson<Manifest>(path.join(d, EVIDENCE, 'manifest.json'));
    expect(m.entries.map((e) => [e.source, e.storage, e.bytes])).toEqual([
      ['logs/at_limit.log', 'inline', LIMIT],
      ['logs/over_limit.log', 'external', LIMIT + 1],
    ]);
    expect(listFiles(path.join(d, EVIDENCE))).toEqual(['at_limit.log', 'manifest-sha256.txt', 'manifest.json']);
  });

  it('a file at the limit without a final newline is external: the newline the hooks add would take it over', async () => {
    const d = tempDir();
    writeTree(d, { 'rfc-evidence.yaml': miniConfig('  - glob: logs/*.log\n    role: log'), 'logs/at_limit.log': logOf(LIMIT).slice(0, -1) + 'x' });
    expect((await cli(['collect'], d)).code).toBe(0);
    const [e] = readJson<Manifest>(path.join(d, EVIDENCE, 'manifest.json')).entries;
    expect([e!.storage, e!.bytes, e!.normalised]).toEqual(['external', LIMIT, undefined]);
    expect(listFiles(path.join(d, EVIDENCE))).toEqual(['manifest-sha256.txt', 'manifest.json']);
  });
});

describe('collect: redaction of copied text evidence', () => {
  const LOG = [
    'INFO     2026-04-21 15:30:52 17655 engine.py[line:398] Launch worker: python /root/FastDeploy/fastdeploy/worker/worker_process.py --log_dir /home/alice/fd/log',
    'INFO     2026-04-21 15:30:53 17655 api_server.py[line:88] client config api_key=sk_live_9f8e7d6c5b4a3210 loaded',
    'DEBUG    2026-04-21 15:30:54 17655 api_server.py[line:90] header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcdefgh.ijklmnop',
    'INFO     2026-04-21 15:30:55 17655 engine.py[line:410] model dir /usr/local/models/PaddleOCR-VL',
    '',
  ].join('\n');

  it('the copy is redacted; sourceSha256 is the original digest, sha256 and bytes the copy', async () => {
    const d = tempDir();
    writeTree(d, { 'rfc-evidence.yaml': miniConfig('  - path: log/fastdeploy.log\n    role: service.startup'), 'log/fastdeploy.log': LOG });
    const r = await cli(['collect'], d);
    expect(r.code).toBe(0);
    const copy = readFileSync(path.join(d, EVIDENCE, 'fastdeploy.log'), 'utf8');
    expect(copy).not.toContain('/root/');
    expect(copy).not.toContain('/home/alice');
    expect(copy).not.toContain('sk_live_9f8e7d6c5b4a3210');
    expect(copy).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(copy).toContain('python ~/FastDeploy/fastdeploy/worker/worker_process.py --log_dir ~/fd/log');
    expect(copy).toContain('api_key=***');
    expect(copy).toContain('Bearer ***');
    // Not a home folder: kept as is.
    expect(copy).toContain('/usr/local/models/PaddleOCR-VL');
    expect(copy.split('\n').length).toBe(LOG.split('\n').length);

    const m = readJson<Manifest>(path.join(d, EVIDENCE, 'manifest.json'));
    const e = m.entries[0]!;
    expect(e.sourceSha256).toBe(sha256(LOG));
    expect(e.sha256).toBe(sha256(copy));
    expect(e.sha256).not.toBe(e.sourceSha256);
    expect(e.bytes).toBe(Buffer.byteLength(copy));
    expect(e.redactions).toEqual({ 'bearer-token': 1, 'registry-token': 1, 'home-path': 2 });
    expect(readFileSync(path.join(d, EVIDENCE, 'manifest-sha256.txt'), 'utf8')).toBe(`${sha256(copy)}  fastdeploy.log\n`);
    // The original is never touched.
    expect(readFileSync(path.join(d, 'log/fastdeploy.log'), 'utf8')).toBe(LOG);
    // check agrees with the redacted copy's digest.
    expect((await cli(['render'], d)).code).toBe(0);
    const checked = await cli(['check'], d);
    expect(checked.stdout).not.toContain('digest');
  });

  it('redact: false publishes the original bytes', async () => {
    const d = tempDir();
    writeTree(d, { 'rfc-evidence.yaml': miniConfig('  - path: log/fastdeploy.log\n    role: service.startup', 'redact: false'), 'log/fastdeploy.log': LOG });
    expect((await cli(['collect'], d)).code).toBe(0);
    expect(readFileSync(path.join(d, EVIDENCE, 'fastdeploy.log'), 'utf8')).toBe(LOG);
    const e = readJson<Manifest>(path.join(d, EVIDENCE, 'manifest.json')).entries[0]!;
    expect(e.sha256).toBe(sha256(LOG));
    expect(e.sourceSha256).toBeUndefined();
  });
});

describe('collect: stale copies', () => {
  it('removes copies of inputs that are gone, never files collect did not create', async () => {
    const d = tempDir();
    const two = miniConfig('  - path: bench/a.json\n    role: benchmark.baseline\n  - path: bench/b.json\n    role: benchmark.candidate');
    writeTree(d, { 'rfc-evidence.yaml': two, 'bench/a.json': latencyJson([0.4]), 'bench/b.json': latencyJson([0.5]) });
    expect((await cli(['collect'], d)).code).toBe(0);
    const ev = path.join(d, EVIDENCE);
    expect(listFiles(ev)).toEqual(['a.json', 'b.json', 'manifest-sha256.txt', 'manifest.json']);
    // The author's own files beside the copies.
    writeTree(ev, { 'README.md': 'my notes\n', 'bench/extra.txt': 'kept\n' });
    writeFileSync(path.join(d, 'rfc-evidence.yaml'), miniConfig('  - path: bench/a.json\n    role: benchmark.baseline'));
    const r = await cli(['collect'], d);
    expect(r.code).toBe(0);
    expect(listFiles(ev)).toEqual(['README.md', 'a.json', 'bench/extra.txt', 'manifest-sha256.txt', 'manifest.json']);
    expect(readFileSync(path.join(ev, 'README.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(path.join(ev, 'bench/extra.txt'), 'utf8')).toBe('kept\n');
    expect(readFileSync(path.join(ev, 'manifest-sha256.txt'), 'utf8')).toBe(`${sha256(latencyJson([0.4]))}  a.json\n`);
    // The input itself is never removed.
    expect(readFileSync(path.join(d, 'bench/b.json'), 'utf8')).toBe(latencyJson([0.5]));
  });

  it('an input that became external loses its old copy', async () => {
    const d = tempDir();
    writeTree(d, { 'rfc-evidence.yaml': miniConfig('  - path: bench/a.json\n    role: benchmark.formal'), 'bench/a.json': latencyJson([0.4]) });
    expect((await cli(['collect'], d)).code).toBe(0);
    writeFileSync(path.join(d, 'bench/a.json'), latencyJson(Array.from({ length: 12000 }, () => 0.45)));
    expect((await cli(['collect'], d)).code).toBe(0);
    expect(existsSync(path.join(d, EVIDENCE, 'a.json'))).toBe(false);
    expect(readFileSync(path.join(d, EVIDENCE, 'manifest-sha256.txt'), 'utf8')).toBe('');
  });

  it('--dry-run writes nothing', async () => {
    const d = tempDir();
    writeTree(d, { 'rfc-evidence.yaml': miniConfig('  - path: bench/a.json'), 'bench/a.json': latencyJson([0.4]) });
    const r = await cli(['collect', '--dry-run'], d);
    expect(r.code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['bench', 'rfc-evidence.yaml']);
  });
});

describe('collect: progress', () => {
  const setup = () => {
    const d = tempDir();
    writeTree(d, { 'rfc-evidence.yaml': miniConfig('  - glob: bench/*.json'), 'bench/a.json': latencyJson([0.4]), 'bench/b.json': latencyJson([0.5]) });
    return d;
  };

  it('goes to stderr when stderr is a TTY', async () => {
    const r = await cli(['collect'], setup(), { stderrIsTTY: true, env: {} });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1/2 bench/a.json');
    expect(r.stderr).toContain('2/2 bench/b.json');
    expect(r.stdout).toBe(`collected 2 file(s) into ${EVIDENCE}\n`);
  });

  it('is silent when stderr is not a TTY, and with --quiet or --json on a TTY', async () => {
    expect((await cli(['collect'], setup(), { stderrIsTTY: false })).stderr).toBe('');
    expect((await cli(['--quiet', 'collect'], setup(), { stderrIsTTY: true })).stderr).toBe('');
    expect((await cli(['--json', 'collect'], setup(), { stderrIsTTY: true })).stderr).toBe('');
  });

  it('collect() reports progress through its callback only', async () => {
    const d = setup();
    const seen: string[] = [];
    await collect(loadConfig('rfc-evidence.yaml', d), { progress: (m) => seen.push(m) });
    expect(seen).toEqual(['1/2 bench/a.json', '2/2 bench/b.json']);
  });
});

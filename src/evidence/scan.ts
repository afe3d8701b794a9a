import { accessSync, constants, lstatSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import { error, UsageError, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Config, InputSpec } from '../config.js';
import { isInside, relativePosix } from '../util/fs.js';
import { outsideRoot, realPath, rootOf } from './containment.js';

export interface ScannedFile {
  abs: string;
  /** Original location as recorded: relative to the config folder, or the file name when outside. */
  source: string;
  /** Whether the file lies inside the config folder. */
  inside: boolean;
  spec: InputSpec;
  /** The file's stat as the scan saw it (a glob match that is not a link), so collect need not stat it again. */
  stats?: Stats;
}

/**
 * Expand the config's inputs into files, in config order then path order. An explicit `path`
 * that is missing or unreadable is a usage error (exit 2); a glob that matches nothing is a
 * warning. Files inside evidenceDir (our own copies) and the config itself are never inputs, and
 * a file matched twice keeps its first spec. A file whose real path lies outside the project root
 * (given outright, or reached through a symbolic link) is read only with `allowOutside: true`:
 * an explicit path is a usage error otherwise, a glob match an error and skipped. A file whose
 * name holds a control character is an error and skipped (`input.file-name`).
 */
export async function scanInputs(config: Config): Promise<{ files: ScannedFile[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const usage: Diagnostic[] = [];
  const seen = new Set<string>();
  const files: ScannedFile[] = [];
  const shownConfig = path.basename(config.file);
  const root = rootOf(config);
  const evidence = realPath(config.evidenceDirAbs);
  const configReal = realPath(config.file);
  const realDirs = new Map<string, string>();
  const add = (abs: string, spec: InputSpec, pointer: string, real = realPath(abs), stats?: Stats) => {
    if (seen.has(real) || real === configReal || within(evidence, real)) return;
    seen.add(real);
    const inside = within(config.baseDir, abs);
    const source = inside ? below(config.baseDir, abs) : path.basename(abs);
    // A line break or other control character in a name would forge lines of every report that
    // names the file (CI annotations included): such a file is skipped, its name shown quoted.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(source)) {
      diagnostics.push(error('input.file-name', `input ${JSON.stringify(source)} has a control character (line break, tab, ...) in its name; not read`, { file: shownConfig, pointer, hint: 'rename the file' }));
      return;
    }
    files.push({ abs, spec, inside, source, ...(stats ? { stats } : {}) });
  };
  for (const [i, spec] of config.inputs.entries()) {
    if (spec.path !== undefined) {
      const abs = path.resolve(config.baseDir, spec.path);
      const problem = unreadable(abs);
      const outside = problem ? undefined : outsideRoot(root, abs);
      if (problem) usage.push(error('input.unreadable', `input ${spec.path}: ${problem}`, { file: shownConfig, pointer: `/inputs/${i}/path` }));
      else if (outside && !spec.allowOutside) usage.push(error('input.outside-root', `input ${spec.path}: ${outside}`, { file: shownConfig, pointer: `/inputs/${i}/path`, hint: OUTSIDE_HINT }));
      else {
        if (outside) diagnostics.push(warning('input.outside-root', `input ${spec.path}: ${outside}; published because allowOutside is true`, { file: shownConfig, pointer: `/inputs/${i}/path` }));
        add(abs, spec, `/inputs/${i}/path`);
      }
    } else if (spec.glob !== undefined) {
      // Relative results, resolved here: globby's `absolute` turns a `\` in a POSIX file name into `/`.
      const found = await globby(spec.glob.split(path.sep).join('/'), { cwd: config.baseDir, onlyFiles: true, dot: false, followSymbolicLinks: true });
      const matches = found.map((m) => path.resolve(config.baseDir, m)).sort();
      if (matches.length === 0) diagnostics.push(warning('input.glob-empty', `glob ${spec.glob} matches no file`, { file: shownConfig, pointer: `/inputs/${i}/glob` }));
      for (const m of matches) {
        const { real, stats } = realPathOfMatch(m, realDirs);
        const outside = within(root, real) ? undefined : outsideRoot(root, m, real);
        if (outside && !spec.allowOutside) {
          diagnostics.push(error('input.outside-root', `glob ${spec.glob} matched ${path.basename(m)}: ${outside}; not read`, { file: shownConfig, pointer: `/inputs/${i}/glob`, hint: OUTSIDE_HINT }));
          continue;
        }
        if (outside) diagnostics.push(warning('input.outside-root', `glob ${spec.glob} matched ${path.basename(m)}: ${outside}; published because allowOutside is true`, { file: shownConfig, pointer: `/inputs/${i}/glob` }));
        add(m, spec, `/inputs/${i}/glob`, real, stats);
      }
    }
  }
  if (usage.length) throw new UsageError(usage.map((d) => d.message).join('; '), usage);
  return { files, diagnostics };
}

/**
 * The real path of a file a glob matched: its folder's real path (resolved once per folder) and
 * its name, unless the file itself is a link (then resolved on its own). A tree of 10,000 files
 * costs one lstat each instead of one realpath each; the lstat of a regular file is its stat.
 */
function realPathOfMatch(file: string, realDirs: Map<string, string>): { real: string; stats?: Stats } {
  const stats = lstatSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile()) return { real: realPath(file) };
  const dir = path.dirname(file);
  let real = realDirs.get(dir);
  if (real === undefined) realDirs.set(dir, (real = realPath(dir)));
  return { real: path.join(real, path.basename(file)), stats };
}

/**
 * isInside and relativePosix for absolute, normalised paths (what path.resolve and realpath give)
 * on POSIX, by prefix: path.relative resolves both paths again, tens of ms over 10,000 inputs.
 * Elsewhere (Windows compares without case), the general functions.
 */
export function within(parent: string, child: string): boolean {
  if (path.sep !== '/' || parent.endsWith('/')) return isInside(parent, child);
  // Exactly as isInside answers, which takes a first folder named `..x` for a way out.
  return child === parent || (child.startsWith(parent + '/') && !child.startsWith('..', parent.length + 1));
}

/** `child`'s path below `parent`, POSIX separators; `within(parent, child)` must hold. */
export function below(parent: string, child: string): string {
  if (path.sep !== '/' || parent.endsWith('/')) return relativePosix(parent, child);
  return child.slice(parent.length + 1);
}

const OUTSIDE_HINT = 'move the file into the project, or add `allowOutside: true` to this input if you mean to publish it';

function unreadable(abs: string): string | undefined {
  try {
    if (!statSync(abs).isFile()) return 'not a file';
    accessSync(abs, constants.R_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  }
}

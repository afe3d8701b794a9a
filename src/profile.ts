import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { withYamlPosition } from './config.js';
import { error, UsageError } from './diagnostics/diagnostic.js';
import { packageRoot } from './paths.js';
import type { Role } from './records.js';
import type { RfcEvidenceAcceptanceProfile as ProfileFile } from './schemas/types.generated.js';
import { validate } from './schemas/validate.js';

/**
 * Acceptance profiles are data (`profiles/<name>.yaml`, schema `schemas/profile.schema.json`):
 * what a task requires of its evidence. The `paddle-community` profile (the generic rules) always
 * applies; a task profile adds requirements, which the `profile` rule checks.
 */

export const BUILTIN_PROFILES_DIR = path.join(packageRoot, 'profiles');
export const COMMUNITY_PROFILE = 'paddle-community';

type RequirementShape = ProfileFile['requires'][number];
type Base = Pick<RequirementShape, 'id' | 'description'>;

// A requirement is exactly one of four (the schema's `oneOf` of required keys), which the type
// generated from schemas/profile.schema.json cannot state: the union is made here from its parts.
export type EvidenceRequirement = Base & Required<Pick<RequirementShape, 'evidence'>> & Pick<RequirementShape, 'atLeast' | 'where' | 'section'>;
export type CompareRequirement = Base & Required<Pick<RequirementShape, 'compare'>>;
export type AccuracyRequirement = Base & Required<Pick<RequirementShape, 'accuracy'>>;
/** An analysis the report must contain (not just the evidence for it): kernels, scheduling, GPU in load, a reachable trace. */
export type AnalysisRequirement = Base & Required<Pick<RequirementShape, 'analysis'>> & Pick<RequirementShape, 'where' | 'section'>;
export type Requirement = EvidenceRequirement | CompareRequirement | AccuracyRequirement | AnalysisRequirement;

export type Profile = Omit<ProfileFile, 'requires'> & {
  requires: Requirement[];
  /** Where it was loaded from, as shown in findings (`profiles/<name>.yaml` for built-ins). */
  shown: string;
};

/** Names of the built-in profiles, sorted. */
export function builtinProfiles(): string[] {
  return readdirSync(BUILTIN_PROFILES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/** A value of `--profile` or `rfc.profile` is a path when it looks like one, else a built-in name. */
function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
}

/**
 * Load a profile by built-in name or by path (relative to `baseDir`). An unknown name, a missing
 * file or an invalid profile is a usage error (exit 2) naming it, with the YAML line of each problem.
 */
export function loadProfile(ref: string, baseDir: string): Profile {
  let file: string;
  let shown: string;
  if (looksLikePath(ref)) {
    file = path.resolve(baseDir, ref);
    shown = ref;
    if (!existsSync(file)) throw new UsageError(`profile file not found: ${ref}`, [error('profile.not-found', `expected a profile file at ${ref}, found nothing`, { file: ref })]);
  } else {
    const names = builtinProfiles();
    if (!names.includes(ref)) {
      throw new UsageError(`unknown profile '${ref}': expected one of ${names.join(', ')}, or a path to a profile file`, [
        error('profile.unknown', `unknown profile '${ref}': expected one of ${names.join(', ')}, or a path to a profile file (.yaml)`),
      ]);
    }
    file = path.join(BUILTIN_PROFILES_DIR, `${ref}.yaml`);
    shown = `profiles/${ref}.yaml`;
  }
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new UsageError(
      `invalid profile ${shown}`,
      doc.errors.map((e) => {
        const pos = lc.linePos(e.pos[0]);
        return error('profile.yaml-syntax', `invalid YAML: ${e.message.split('\n')[0]}`, { file: shown, line: pos.line, column: pos.col });
      }),
    );
  }
  const value = doc.toJS() as Profile;
  const problems = validate('profile.schema.json', value, shown, 'profile.invalid');
  (value?.requires ?? []).forEach((r, i) => {
    if ('where' in r && typeof r.where === 'string' && !parseCondition(r.where)) {
      problems.push(error('profile.invalid', `'/requires/${i}/where': expected <field> <op> <value>, found ${JSON.stringify(r.where)}`, { file: shown, pointer: `/requires/${i}/where` }));
    }
  });
  if (problems.length) throw new UsageError(`invalid profile ${shown}`, problems.map((d) => withYamlPosition(d, doc.contents, lc)));
  return { ...value, shown };
}

// ---------------------------------------------------------------------------------------------
// Conditions: `<dotted.field> <op> <literal>`, e.g. `kernels.length >= 5`.

export interface Condition {
  field: string;
  op: '>=' | '<=' | '==' | '!=' | '>' | '<';
  value: number | boolean | string;
}

export function parseCondition(text: string): Condition | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?|true|false|"[^"]*")\s*$/.exec(text);
  if (!m) return undefined;
  const raw = m[3]!;
  const value = raw === 'true' ? true : raw === 'false' ? false : raw.startsWith('"') ? raw.slice(1, -1) : Number(raw);
  return { field: m[1]!, op: m[2] as Condition['op'], value };
}

/** The field's value in a record (`x.length` counts an array or string); undefined when absent. */
export function fieldValue(record: unknown, field: string): unknown {
  let v: unknown = record;
  for (const part of field.split('.')) {
    if (part === 'length' && (Array.isArray(v) || typeof v === 'string')) v = v.length;
    else if (v !== null && typeof v === 'object') v = (v as Record<string, unknown>)[part];
    else return undefined;
  }
  return v;
}

export function holds(c: Condition, actual: unknown): boolean {
  if (typeof c.value === 'number') {
    if (typeof actual !== 'number') return false;
    switch (c.op) {
      case '>=':
        return actual >= c.value;
      case '>':
        return actual > c.value;
      case '<=':
        return actual <= c.value;
      case '<':
        return actual < c.value;
      case '==':
        return actual === c.value;
      case '!=':
        return actual !== c.value;
    }
  }
  return c.op === '==' ? actual === c.value : c.op === '!=' ? actual !== c.value : false;
}


// ---------------------------------------------------------------------------------------------
// Compare target: the profile's baseline-vs-candidate requirement with its defaults.

export interface CompareTarget {
  requirement: string;
  baseline: Role;
  candidate: Role;
  metric: string;
  improvementPct: number;
  significant: boolean;
}

/** The profile's (first) compare requirement with its defaults filled in, if it has one: the report's target. */
export function compareTarget(profile: Pick<Profile, 'requires'>): CompareTarget | undefined {
  return compareTargets(profile)[0];
}

/** Every compare requirement of the profile with its defaults filled in. */
export function compareTargets(profile: Pick<Profile, 'requires'>): CompareTarget[] {
  return profile.requires.filter((x): x is CompareRequirement => 'compare' in x).map(targetOf);
}

function targetOf(r: CompareRequirement): CompareTarget {
  const c = r.compare;
  return {
    requirement: r.id,
    baseline: c.baseline ?? 'benchmark.baseline',
    candidate: c.candidate ?? 'benchmark.candidate',
    metric: c.metric ?? 'e2el.mean',
    improvementPct: c.improvementPct,
    significant: c.significant ?? true,
  };
}

/**
 * The profile in force for a config: `override` (a `--profile` value, resolved against `cwd`)
 * or else `rfc.profile` (resolved against the config's folder). Loaded once per command and
 * passed to the analysis, render and check.
 */
export function profileFor(config: { rfc: { profile?: string }; baseDir: string }, override?: { ref: string; cwd: string }): Profile | undefined {
  if (override) return loadProfile(override.ref, override.cwd);
  return config.rfc.profile !== undefined ? loadProfile(config.rfc.profile, config.baseDir) : undefined;
}

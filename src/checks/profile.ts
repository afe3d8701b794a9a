import path from 'node:path';
import type { ManifestEntry } from '../evidence/manifest.js';
import { loadMarkdownParser } from '../markdown/parse.js';
import { findRegions } from '../markdown/regions.js';
import type { Role } from '../records.js';
import {
  fieldValue,
  holds,
  parseCondition,
  type AccuracyRequirement,
  type AnalysisRequirement,
  type CompareRequirement,
  type EvidenceRequirement,
  type Requirement,
} from '../profile.js';
import { linkTarget, parsedDocuments } from './_documents.js';
import type { CheckContext } from './types.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * The task profile's requirements (`--profile` or `rfc.profile`), each reported as
 * `profile.<requirement id>` with what it expected and what the evidence has.
 */
export const rule = defineRule({
  id: 'profile',
  description: 'the evidence meets the task profile (required roles and kinds, record fields, analyses made, compare verdict, accuracy drop)',
  severity: 'error',
  needs: ['analysis', 'documents'],
  async run(ctx) {
    if (!ctx.profile || !ctx.manifest || !Array.isArray(ctx.manifest.entries)) return [];
    // Report sections are found by their regions, which may need the Markdown parser.
    if (ctx.profile.requires.some((r) => ('evidence' in r || 'analysis' in r) && r.section)) await loadMarkdownParser();
    return ctx.profile.requires.flatMap((r) => ('evidence' in r ? evidence(ctx, r) : 'compare' in r ? compared(ctx, r) : 'analysis' in r ? analysed(ctx, r) : accuracy(ctx, r)));
  },
});

function label(ctx: CheckContext, r: Requirement): string {
  return `profile ${ctx.profile!.name}, ${r.id}${r.description ? ` (${r.description})` : ''}`;
}

const asList = <T>(x: T | T[] | undefined): T[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? x : [x]);

function evidence(ctx: CheckContext, r: EvidenceRequirement): Finding[] {
  const roles = asList<Role>(r.evidence.role);
  const kinds = asList(r.evidence.kind);
  const what = [roles ? `role ${roles.join('|')}` : '', kinds ? `kind ${kinds.join('|')}` : ''].filter(Boolean).join(', ');
  const manifestFile = ctx.show(ctx.manifestFile);
  const matching = ctx.manifest!.entries.filter((e) => e && (!roles || roles.includes(e.role)) && (!kinds || kinds.includes(e.record?.kind ?? e.kind)));
  const atLeast = r.atLeast ?? 1;
  const condition = r.where !== undefined ? parseCondition(r.where) : undefined;
  const satisfying = condition ? matching.filter((e) => holds(condition, fieldValue(e.record, condition.field))) : matching;
  if (satisfying.length < atLeast) {
    const found = condition
      ? matching.length
        ? matching.map((e) => `${condition.field} = ${JSON.stringify(fieldValue(e.record, condition.field)) ?? 'absent'} in ${e.id}`).join('; ')
        : `no evidence with ${what}`
      : `${matching.length}`;
    const expected = condition ? `${r.where} in at least ${atLeast} evidence file(s) with ${what}` : `at least ${atLeast} evidence file(s) with ${what}`;
    return [finding(`profile.${r.id}`, `${label(ctx, r)}: expected ${expected}, found ${found}`, { file: manifestFile, pointer: '/entries', hint: 'add the evidence to the config inputs and collect again' })];
  }
  return r.section ? section(ctx, r, satisfying) : [];
}

/** The report's region `section` exists and links at least one of the entries. */
function section(ctx: CheckContext, r: EvidenceRequirement, entries: ManifestEntry[]): Finding[] {
  const report = parsedDocuments(ctx).find((d) => d.serves.includes('report'));
  if (!report) return [];
  const region = findRegions(report.text).regions.find((x) => x.id === r.section);
  if (!region) return [finding(`profile.${r.id}`, `${label(ctx, r)}: expected a report section (region ${r.section}), found none`, { file: report.shown, line: 1, column: 1, hint: 'run `rfc-evidence render` to add it' })];
  const wanted = new Set(entries.map((e) => path.join(ctx.config.evidenceDirAbs, e.path)));
  const endLine = region.line + region.content.split('\n').length + 1;
  const linked = report.links.some((l) => l.line > region.line && l.line <= endLine && wanted.has(linkTarget(report.file, l.url) ?? ''));
  if (linked) return [];
  return [finding(`profile.${r.id}`, `${label(ctx, r)}: expected report section ${r.section} to present ${entries.map((e) => e.id).join(' or ')}, found no link to it`, { file: report.shown, line: region.line, column: 1, hint: 'run `rfc-evidence render`' })];
}

/** The compare requirement as the analysis decided it (analysis/target.ts: the rule the report and `compare --target` use). */
function compared(ctx: CheckContext, r: CompareRequirement): Finding[] {
  const t = ctx.analysis?.targets.find((x) => x.target.requirement === r.id);
  const file = ctx.show(ctx.manifestFile);
  if (!t) return [];
  if (t.decision.state === 'met') return [];
  const sides = t.baselineId && t.candidateId ? ` (${t.baselineId} -> ${t.candidateId})` : '';
  const expected = `expected ${t.target.metric} improvement >= ${t.target.improvementPct}%${t.target.significant ? ' and significant' : ''}${sides}`;
  const found = t.decision.state === 'cannot-tell' ? `cannot tell: ${t.decision.reason}` : `not met: ${t.decision.reason}`;
  return [finding(`profile.${r.id}`, `${label(ctx, r)}: ${expected}, ${found}`, { file, pointer: t.pointer })];
}

/** An analysis the report must contain: made from the evidence (and its `where` holds), and its report section present. */
function analysed(ctx: CheckContext, r: AnalysisRequirement): Finding[] {
  const facts = ctx.analysis?.facts[r.analysis];
  const file = ctx.show(ctx.manifestFile);
  if (!facts) return [];
  const hint = ANALYSIS_HINTS[r.analysis];
  if (!facts.done) return [finding(`profile.${r.id}`, `${label(ctx, r)}: expected the ${r.analysis} analysis, found none: ${facts.why ?? 'no evidence for it'}`, { file, pointer: '/entries', hint })];
  const condition = r.where !== undefined ? parseCondition(r.where) : undefined;
  if (condition && !holds(condition, fieldValue(facts.values, condition.field))) {
    return [finding(`profile.${r.id}`, `${label(ctx, r)}: expected ${r.where} in the ${r.analysis} analysis, found ${condition.field} = ${JSON.stringify(fieldValue(facts.values, condition.field)) ?? 'absent'}`, { file, pointer: '/entries', hint })];
  }
  if (!r.section) return [];
  const report = parsedDocuments(ctx).find((d) => d.serves.includes('report'));
  if (!report) return [];
  if (findRegions(report.text).regions.some((x) => x.id === r.section)) return [];
  return [finding(`profile.${r.id}`, `${label(ctx, r)}: expected a report section (region ${r.section}), found none`, { file: report.shown, line: 1, column: 1, hint: 'run `rfc-evidence render` to add it' })];
}

const ANALYSIS_HINTS: Record<AnalysisRequirement['analysis'], string> = {
  kernels: 'add a kernel table or profiler trace (role profiling.kernels or profiling.trace) and collect again',
  scheduling: "add the server's console log with the scheduler's Prefill/Decode batch lines (FastDeploy with ENABLE_V1_KVCACHE_SCHEDULER=1 writes them to stdout) and collect again",
  'gpu-load': 'sample the GPU while the benchmark runs (mx-smi or nvidia-smi every 0.5-2 s, from before it starts to after it ends)',
  trace: 'add the profiler trace as an input; when it is over 1024 KB, publish it and give the input a `url`',
};

/**
 * Accuracy drop, candidate vs baseline, relative to the baseline, per metric. Convention: an
 * accuracy entry is the baseline when its role is benchmark.baseline or its id or label names
 * "baseline" as a word; the candidate likewise with "candidate".
 */
function accuracy(ctx: CheckContext, r: AccuracyRequirement): Finding[] {
  const file = ctx.show(ctx.manifestFile);
  const all = ctx.manifest!.entries.filter((e) => e?.record?.kind === 'accuracy' && (!r.accuracy.metric || (e.record as { metric: string }).metric === r.accuracy.metric));
  const side = (name: 'baseline' | 'candidate') => all.filter((e) => e.role === `benchmark.${name}` || new RegExp(`(^|[^a-z])${name}([^a-z]|$)`, 'i').test(`${e.id} ${e.label ?? ''}`));
  const base = side('baseline');
  const cand = side('candidate');
  const out: Finding[] = [];
  let pairs = 0;
  for (const b of base) {
    const br = b.record as { metric: string; value: number; higherIsBetter: boolean };
    const c = cand.find((x) => (x.record as { metric: string }).metric === br.metric);
    if (!c) continue;
    pairs++;
    const cv = (c.record as { value: number }).value;
    const drop = br.value === 0 ? 0 : ((br.higherIsBetter ? br.value - cv : cv - br.value) / Math.abs(br.value)) * 100;
    if (!(drop < r.accuracy.dropBelowPct)) {
      out.push(finding(`profile.${r.id}`, `${label(ctx, r)}: expected ${br.metric} to drop less than ${r.accuracy.dropBelowPct}% (${b.id} -> ${c.id}), found ${br.value} -> ${cv}, a ${drop.toFixed(2)}% drop`, { file, pointer: `/entries/${ctx.manifest!.entries.indexOf(c)}/record/value` }));
    }
  }
  if (pairs === 0) {
    out.push(
      finding(`profile.${r.id}`, `${label(ctx, r)}: expected a baseline and a candidate accuracy entry of the same metric, found ${all.length} accuracy entr${all.length === 1 ? 'y' : 'ies'} (${base.length} baseline, ${cand.length} candidate)`, {
        file,
        pointer: '/entries',
        hint: 'give accuracy inputs the role benchmark.baseline / benchmark.candidate, or a label containing "baseline" / "candidate"',
      }),
    );
  }
  return out;
}

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { PythonProfile } from '../records.js';
import { isObject, parseJson, pointer } from '../util/json.js';
import { frame, HotSpots, type Frame } from './_python-profile.js';
import type { Adapter, ArtifactInput, ParseResult } from './types.js';

/** `py-spy record --format speedscope`: sampled profiles (one per thread) over shared frames. */
export const adapter: Adapter = {
  id: 'py-spy-speedscope',
  kind: 'python-profile',
  title: 'py-spy speedscope profile (`py-spy record --format speedscope`)',
  recognisedBy: '`"$schema": "https://www.speedscope.app/file-format-schema.json"`; `*.speedscope.json` names',
  extracts: 'samples over all threads, top 50 functions by self % (weighted) with total %, file and hottest line',
  cannotKnow:
    'lines with `--nolineno`; native frames unless `--native`',

  detect(input) {
    if (/"\$schema"\s*:\s*"https?:\/\/(?:www\.)?speedscope\.app\/file-format-schema\.json"/.test(input.head)) return 0.95;
    return /\.speedscope\.json$/i.test(input.name) ? 0.4 : 0;
  },

  async parse(input) {
    let text: string;
    try {
      text = await input.text();
    } catch (e) {
      return { diagnostics: [error('py-spy-speedscope.too-large', (e as Error).message, { file: input.displayPath })] };
    }
    const parsed = parseJson(text, input.displayPath);
    if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
    return fromSpeedscope(parsed.value, input);
  },
};

function fromSpeedscope(doc: unknown, input: ArtifactInput): ParseResult {
  const file = input.displayPath;
  const fail = (at: string, message: string): ParseResult => ({ diagnostics: [error('py-spy-speedscope.shape', message, { file, pointer: at })] });
  if (!isObject(doc)) return fail('', `expected a speedscope object with \`profiles\` and \`shared\`, found ${kindOf(doc)}`);
  if (!Array.isArray(doc.profiles)) return fail('/profiles', `expected \`profiles\` to be an array, found ${kindOf(doc.profiles)}`);
  const rawFrames = isObject(doc.shared) ? doc.shared.frames : undefined;
  if (!Array.isArray(rawFrames)) return fail(pointer('shared', 'frames'), `expected \`shared.frames\` to be an array, found ${kindOf(rawFrames)}`);
  const frames: (Frame | undefined)[] = rawFrames.map((f) =>
    isObject(f) && typeof f.name === 'string' ? frame(f.name, typeof f.file === 'string' ? f.file : undefined, typeof f.line === 'number' ? f.line : undefined) : undefined,
  );
  const badFrame = frames.findIndex((f) => f === undefined);
  if (badFrame >= 0) return fail(pointer('shared', 'frames', badFrame), 'expected a frame object with a string `name`');

  const diagnostics: Diagnostic[] = [];
  const hot = new HotSpots();
  let samples = 0;
  doc.profiles.forEach((p, i) => {
    if (!isObject(p) || p.type !== 'sampled') {
      diagnostics.push(warning('py-spy-speedscope.profile-skipped', `skipped: only \`"type": "sampled"\` profiles are read, found ${isObject(p) ? JSON.stringify(p.type) : kindOf(p)}`, { file, pointer: pointer('profiles', i) }));
      return;
    }
    samples += addProfile(hot, p, i, frames, file, diagnostics);
  });
  if (samples === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(error('py-spy-speedscope.no-samples', 'no samples: expected at least one sampled profile with samples', { file, pointer: '/profiles' }));
  }
  if (samples === 0) return { diagnostics };
  const record: PythonProfile = { kind: 'python-profile', tool: 'py-spy-speedscope', samples, functions: hot.functions() };
  return { record, diagnostics };
}

/** Adds one sampled profile; returns how many samples it contributed. Bad samples are reported and skipped. */
function addProfile(hot: HotSpots, p: Record<string, unknown>, i: number, frames: (Frame | undefined)[], file: string, diagnostics: Diagnostic[]): number {
  if (!Array.isArray(p.samples)) {
    diagnostics.push(error('py-spy-speedscope.shape', `expected \`samples\` to be an array of frame-index arrays, found ${kindOf(p.samples)}`, { file, pointer: pointer('profiles', i, 'samples') }));
    return 0;
  }
  const weights = Array.isArray(p.weights) && p.weights.length === p.samples.length ? p.weights : undefined;
  if (weights === undefined && p.weights !== undefined) {
    diagnostics.push(warning('py-spy-speedscope.weights', 'weights missing or not one per sample: every sample counted once', { file, pointer: pointer('profiles', i, 'weights') }));
  }
  let added = 0;
  p.samples.forEach((s, j) => {
    const stack = Array.isArray(s) ? s.map((k) => (Number.isInteger(k) ? frames[k as number] : undefined)) : undefined;
    const bad = stack === undefined ? -1 : stack.findIndex((f) => f === undefined);
    if (stack === undefined || bad >= 0) {
      if (diagnostics.length < 10) {
        const at = stack === undefined ? pointer('profiles', i, 'samples', j) : pointer('profiles', i, 'samples', j, bad);
        diagnostics.push(error('py-spy-speedscope.frame-index', `expected an index into shared.frames (0..${frames.length - 1})`, { file, pointer: at }));
      }
      return;
    }
    const w = weights?.[j];
    hot.add(stack as Frame[], typeof w === 'number' && Number.isFinite(w) && w >= 0 ? w : 1);
    added++;
  });
  return added;
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

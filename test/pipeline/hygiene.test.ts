/**
 * The community repo's pre-commit rules on the rendered examples (a fresh render of every example
 * config in a temp copy):
 * no trailing whitespace, exactly one final newline, under 1024 KB, relative links that resolve
 * (anchors included), no absolute local paths.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { documentFile, documentSetFor } from '../../src/render/document-sets.js';
import { collectAndRender, copyExampleEvidence, exampleConfigs, listFiles } from './helpers.js';

let root: string;
let outDir: string;
/** Rendered files (documents and generated assets), not the evidence copies. */
let files: string[];
let docs: string[];

beforeAll(async () => {
  root = copyExampleEvidence();
  for (const config of exampleConfigs()) await collectAndRender(root, config);
  // Every project folder the examples write to (rfcs/FastDeploy, rfcs/OPs-Perf, ...).
  outDir = path.join(root, 'rfcs');
  files = listFiles(outDir).filter((f) => !f.split('/').includes('evidence'));
  docs = files.filter((f) => f.endsWith('.md'));
}, 60_000);

const read = (rel: string) => readFileSync(path.join(outDir, rel), 'utf8');

/** Markdown without fenced code blocks and inline code (links there are not links). */
function withoutCode(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of withoutCode(md).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const text = m[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of md.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1]!);
  return out;
}

/** Link targets: inline links and images, reference definitions, HTML href/src. */
function links(md: string): string[] {
  const body = withoutCode(md);
  return [
    ...[...body.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
    ...[...body.matchAll(/\s(?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
  ];
}

describe('hygiene of the rendered documents', () => {
  it('renders the documents of every example config, as its document set names them', () => {
    expect(docs.filter((f) => /^FastDeploy\/20260423_paddleocr_vl_metax_stage1_(report|exec_summary|evidence_manifest)_for_fastdeploy\.md$/.test(f))).toHaveLength(3);
    const expected = exampleConfigs().flatMap((c) => {
      const config = loadConfig(c, root);
      return documentSetFor(config).documents.map((d) => `${path.basename(config.outDirAbs)}/${documentFile(config.rfc, d)}`);
    });
    expect(expected.length).toBeGreaterThan(exampleConfigs().length);
    expect(docs.sort()).toEqual(expected.sort());
  });

  it('no trailing whitespace, no CR, exactly one final newline', () => {
    for (const f of files.filter((x) => /\.(md|svg|json|txt|csv)$/.test(x))) {
      const text = read(f);
      const trailing = text.split('\n').flatMap((l, i) => (/[ \t]+$/.test(l) ? [`${f}:${i + 1}`] : []));
      expect(trailing).toEqual([]);
      expect(text.includes('\r'), f).toBe(false);
      expect(text.endsWith('\n') && !text.endsWith('\n\n'), `${f} must end with exactly one newline`).toBe(true);
    }
  });

  it('every file is under 1024 KB', () => {
    for (const f of listFiles(outDir)) expect(Math.ceil(statSync(path.join(outDir, f)).size / 1024), f).toBeLessThanOrEqual(1024);
  });

  it('every link is relative and resolves, anchors included', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const doc of docs) {
      for (const target of links(read(doc))) {
        if (/^(https?|mailto):/i.test(target)) continue;
        checked++;
        if (/^(\/|[A-Za-z]:|file:|\\)/i.test(target)) {
          problems.push(`${doc}: absolute link ${target}`);
          continue;
        }
        const [file, anchor] = target.split('#', 2) as [string, string | undefined];
        const abs = file ? path.resolve(outDir, path.dirname(doc), decodeURIComponent(file)) : path.join(outDir, doc);
        if (!abs.startsWith(root + path.sep) || !existsSync(abs)) {
          problems.push(`${doc}: ${target} does not exist`);
          continue;
        }
        if (anchor !== undefined && abs.endsWith('.md') && !anchors(readFileSync(abs, 'utf8')).has(decodeURIComponent(anchor))) {
          problems.push(`${doc}: ${target}: no heading with anchor #${anchor}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The manifest document links every copy, and the report links into the manifest.
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('no absolute local path in any document', () => {
    const absolute = /(?:^|[\s(\[`"'=,|])((?:\/(?:home|root|data|tmp|Users|workspace|mnt|opt|var|srv|private)\/|[A-Za-z]:\\)[^\s)|`"']*)/gm;
    for (const doc of docs) {
      const text = read(doc);
      expect([...text.matchAll(absolute)].map((m) => m[1]), doc).toEqual([]);
      expect(text.includes(root), doc).toBe(false);
      expect(text.includes(os.tmpdir() + path.sep), doc).toBe(false);
    }
  });
});

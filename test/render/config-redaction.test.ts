/**
 * The author's free text in the config (rfc.title, description, risks, sections, ...) and the
 * patch notes reach the documents redacted like the evidence; the author's name and the fields
 * file names are built from stay as written; `redact: false` turns it off.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RfcMeta } from '../../src/config.js';
import { publishedRfc } from '../../src/render/published-rfc.js';
import { cli, copyRepoExample, stage1Config } from '../pipeline/helpers.js';

const TOKEN = 'ghp_FAKE0fake0FAKE0fake0FAKE0fake0FAKE';
const HF = 'hf_FAKEfakeFAKEfakeFAKEfakeFAKEfake12';
const rfc: RfcMeta = {
  title: `Run with GH=${TOKEN}`,
  slug: 'x_stage1',
  project: 'FastDeploy',
  author: 'Lin Haoran <lin.haoran@example.com>',
  date: '2026-01-02',
  version: 'V1.0',
  risks: `- served with --api-key ${HF}`,
  sections: { background: `curl -H "Authorization: Bearer ${TOKEN}" http://10.0.3.7:8180` },
};

describe('publishedRfc', () => {
  it('redacts every free-text field, keeps the author and the structural fields', () => {
    const out = publishedRfc({ rfc });
    const text = JSON.stringify(out);
    for (const secret of [TOKEN, HF, '10.0.3.7']) expect(text).not.toContain(secret);
    expect(out.title).toBe('Run with GH=***');
    expect(out.author).toBe(rfc.author);
    expect({ slug: out.slug, project: out.project, date: out.date, version: out.version }).toEqual({ slug: rfc.slug, project: rfc.project, date: rfc.date, version: rfc.version });
  });
  it('redact: false leaves the text alone', () => {
    expect(publishedRfc({ rfc, redact: false })).toEqual(rfc);
  });
});

describe('config text through render', () => {
  it('a token in the title, risks and a patch note never reaches a document', async () => {
    const root = copyRepoExample();
    const config = path.join(root, stage1Config);
    const notes = path.join(path.dirname(config), 'patch-notes.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8')
        .replace('  title: FastDeploy PaddleOCR-VL Metax 适配阶段一报告', `  title: FastDeploy PaddleOCR-VL Metax 适配阶段一报告 GH=${TOKEN}`)
        .replace('  risks: |-\n', `  risks: |-\n    - 服务以 --api-key ${HF} 启动\n`),
    );
    writeFileSync(notes, readFileSync(notes, 'utf8').replace(/^( {2}why: .*)$/m, `$1 (export HF_TOKEN=${HF})`));
    const r = await cli(['render', '--config', stage1Config], root);
    expect(r.code, r.stderr).toBe(0);
    const outDir = path.join(root, 'rfcs', 'FastDeploy');
    const docs = readdirSync(outDir).filter((f) => f.endsWith('.md'));
    expect(docs.length).toBeGreaterThan(0);
    const all = docs.map((f) => readFileSync(path.join(outDir, f), 'utf8')).join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(HF);
    expect(all).toContain('| 任务名称 | FastDeploy PaddleOCR-VL Metax 适配阶段一报告 GH=*** |');
    expect(all).toContain('Lin Haoran');
  });
});

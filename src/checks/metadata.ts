import path from 'node:path';
import { parsedDocuments, type MetadataRow as Row } from './_documents.js';
import { defineRule, finding, type Finding } from './_rule.js';

/**
 * The metadata table every community RFC starts with. Fields in Chinese (the templates' labels)
 * or English; each must be present and filled, 文件名 must be the file's own name, 提交时间 a date
 * that matches the file name's YYYYMMDD prefix, 版本号 like V1.0.
 */
const FIELDS: { key: string; zh: string; en: string[] }[] = [
  { key: 'title', zh: '任务名称', en: ['task name', 'task', 'title'] },
  { key: 'author', zh: '提交作者', en: ['author', 'submitted by'] },
  { key: 'date', zh: '提交时间', en: ['date', 'submission date', 'submitted'] },
  { key: 'version', zh: '版本号', en: ['version'] },
  { key: 'paddle', zh: '依赖飞桨版本', en: ['paddle version', 'paddlepaddle version', 'paddle dependency'] },
  { key: 'file', zh: '文件名', en: ['file name', 'filename', 'file'] },
  { key: 'description', zh: '说明', en: ['description', 'notes', 'summary'] },
];


export const rule = defineRule({
  id: 'metadata',
  description: `each document starts with the metadata table (${FIELDS.map((f) => f.zh).join(', ')}, or their English labels), filled in and consistent with the file name`,
  severity: 'error',
  needs: ['documents'],
  run(ctx) {
    const out: Finding[] = [];
    for (const { file, shown, metadata: table } of parsedDocuments(ctx)) {
      if (!table) {
        out.push(finding('missing', `expected a metadata table (${FIELDS.map((f) => f.zh).join(', ')}) before the first section, found none`, { file: shown, line: 1, column: 1 }));
        continue;
      }
      const rows = table.rows;
      const at = (r?: Row) => ({ file: shown, line: r?.line ?? table.line, column: r?.column ?? 1 });
      const byKey = new Map<string, Row>();
      for (const r of rows) {
        const f = FIELDS.find((x) => x.zh === r.label || x.en.includes(r.label.toLowerCase()));
        if (f && !byKey.has(f.key)) byKey.set(f.key, r);
      }
      for (const f of FIELDS) {
        const r = byKey.get(f.key);
        if (!r) out.push(finding('field-missing', `expected a row '${f.zh}' (or '${f.en[0]}'), found rows: ${rows.map((x) => x.label).join(', ') || 'none'}`, at()));
        else if (r.value === '') out.push(finding('field-empty', `expected a value for '${r.label}', found an empty cell`, at(r)));
      }
      const name = path.basename(file);
      const fileRow = byKey.get('file');
      if (fileRow?.value && fileRow.value !== name) out.push(finding('file-name', `expected '${fileRow.label}' to be ${name}, found ${fileRow.value}`, at(fileRow)));
      const dateRow = byKey.get('date');
      if (dateRow?.value) {
        const prefix = /^(\d{4})(\d{2})(\d{2})_/.exec(name);
        const expected = prefix ? `${prefix[1]}-${prefix[2]}-${prefix[3]}` : undefined;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dateRow.value)) out.push(finding('date', `expected '${dateRow.label}' as YYYY-MM-DD, found ${dateRow.value}`, at(dateRow)));
        else if (expected && dateRow.value !== expected) out.push(finding('date', `expected '${dateRow.label}' ${expected} (the file name's date), found ${dateRow.value}`, at(dateRow)));
      }
      const versionRow = byKey.get('version');
      if (versionRow?.value && !/^[Vv]\d+\.\d+$/.test(versionRow.value)) out.push(finding('version', `expected '${versionRow.label}' like V1.0 or v1.0, found ${versionRow.value}`, at(versionRow)));
    }
    return out;
  },
});

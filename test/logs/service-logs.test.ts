/** Rules of the log and service adapters that the fixtures do not pin down one by one. */
import { describe, expect, it } from 'vitest';
import { adapter as fdLog } from '../../src/adapters/fastdeploy-log.js';
import { adapter as errorOutput } from '../../src/adapters/fastdeploy-error-output.js';
import { adapter as openai } from '../../src/adapters/openai-response.js';
import { adapter as health } from '../../src/adapters/service-health.js';
import { adapter as textLog } from '../../src/adapters/text-log.js';
import { artifactFromText } from '../../src/evidence/artifact.js';
import type { RequestResult, ServiceLog, ServiceStatus } from '../../src/records.js';

async function log(text: string, name = 'fastdeploy.log'): Promise<ServiceLog> {
  const r = await fdLog.parse(artifactFromText(name, text));
  return r.record as ServiceLog;
}

describe('fastdeploy-log', () => {
  it('counts a traceback once: with its ERROR line, alone, and not again when chained', async () => {
    const r = await log(
      [
        'ERROR    2026-04-22 13:41:52,016 19930 worker_process.py[line:712] boom',
        'Traceback (most recent call last):',
        '  File "a.py", line 1, in f',
        'ValueError: x',
        '',
        'The above exception was the direct cause of the following exception:',
        '',
        'Traceback (most recent call last):',
        '  File "b.py", line 2, in g',
        'RuntimeError: y',
        'Traceback (most recent call last):',
        '  File "c.py", line 3, in h',
      ].join('\n'),
    );
    expect(r.errors).toBe(2);
  });

  it('keeps the first 20 throughput events and summarises all of them', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `INFO     2026-04-22 14:03:01 1 m.py[line:1] gen throughput=${i + 1}.5 tok/s`);
    const r = await log(lines.join('\n'));
    const each = r.events.filter((e) => e.code === 'decode.throughput');
    expect(each).toHaveLength(20);
    expect(r.events.at(-1)).toMatchObject({ code: 'decode.throughput-summary', line: 30, data: { count: 30, meanTokPerS: 16, maxTokPerS: 30.5 } });
  });

  it('beats the generic text log on its own files and loses on plain ones', () => {
    const fd = artifactFromText('console.log', 'INFO     2026-04-22 14:00:42 20511 api_server.py[line:91] Launching metrics service at http://0.0.0.0:8181/metrics\n');
    expect(fdLog.detect(fd)).toBeGreaterThan(textLog.detect(fd));
    const plain = artifactFromText('client.log', '2026-04-22 14:05:01,223 - client - INFO - start\n');
    expect(fdLog.detect(plain)).toBe(0);
    expect(textLog.detect(plain)).toBeGreaterThan(0);
  });
});

describe('fastdeploy-error-output', () => {
  it('decodes Python string escapes', async () => {
    const line = "RequestFuncOutput(no=1, success=False, error='a\\\\b \\x41 \\u53d1 \\'q\\' Traceback (most recent call last):\\n  x\\nKeyError: \\'choices\\'\\n', metrics={'k': (1, ')')})";
    const r = await errorOutput.parse(artifactFromText('error_output.txt', line + '\n'));
    expect(r.diagnostics).toEqual([]);
    expect((r.record as ServiceLog).events[0]!.message).toBe("KeyError: 'choices'");
  });
});

describe('openai-response', () => {
  it('cuts the excerpt at 200 characters without splitting a surrogate pair', async () => {
    const content = '发'.repeat(199) + '😀😀';
    const body = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ message: { role: 'assistant', content } }] });
    const r = (await openai.parse(artifactFromText('r.json', body))).record as RequestResult;
    expect(Array.from(r.excerpt!)).toHaveLength(200);
    expect(r.excerpt!.endsWith('😀')).toBe(true);
  });
});

describe('service-health', () => {
  it('takes the last status line after a redirect', async () => {
    const text = 'HTTP/1.1 307 Temporary Redirect\nlocation: /health\n\nHTTP/1.1 200 OK\ncontent-length: 0\n\n';
    const r = (await health.parse(artifactFromText('health.txt', text))).record as ServiceStatus;
    expect(r).toMatchObject({ httpStatus: 200, healthy: true });
  });
});

/** Worker thread of `scanLatencyFile`: one large request-latencies JSON read into columns. */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { columnBuffers, readChunks, scanLatencyRun } from './_request-latencies-scan.js';

const { file } = workerData as { file: string };
const fd = openSync(file, 'r');
try {
  const run = scanLatencyRun(readChunks(fd));
  // The columns move to the calling thread without a copy.
  parentPort!.postMessage(run, run ? columnBuffers(run.requests) : []);
} finally {
  closeSync(fd);
}

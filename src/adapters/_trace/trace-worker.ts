/** Worker thread of `summariseTraceFile`: scans the second part of a trace file cut in two. */
import { parentPort, workerData } from 'node:worker_threads';
import { readRange, type WorkerJob } from './trace-file.js';
import { scanSecondPart } from './trace-summary.js';

const { file, split } = workerData as WorkerJob;
parentPort!.postMessage(await scanSecondPart(readRange(file, split.offset), split));

/**
 * The normalized records (docs/architecture.md, "Stages and their contracts"): the contract between adapters, checks and templates.
 * Times are milliseconds unless a field name says otherwise; percentages are 0-100.
 * Each kind has a JSON Schema in `schemas/records/<kind>.schema.json`, which is the one source of
 * its type (schemas/types.generated.ts, `npm run schemas:types`), and a definition in `src/kinds/<kind>.ts`.
 * The names below are parts of those types that the code handles on their own.
 */
import type { GpuSamples, NormalizedRecord, ServiceLog, ServiceMetrics, ServingBenchmark } from './schemas/types.generated.js';

export type {
  Accuracy,
  CpuCounters,
  CpuProfile,
  Environment,
  GpuSamples,
  KernelProfile,
  MetricStats,
  NormalizedRecord,
  Other,
  Patch,
  PythonProfile,
  RequestResult,
  Role,
  ServiceLog,
  ServiceMetrics,
  ServiceStatus,
  ServingBenchmark,
  ToolError,
} from './schemas/types.generated.js';
export { ROLES } from './schemas/types.generated.js';

/** One run of a several-run serving benchmark file, with its line in the file. */
export type ServingRun = NonNullable<ServingBenchmark['runs']>[number];

/** One point of a GPU time series (a bucket of samples after collect's downsampling). */
export type GpuPoint = NonNullable<GpuSamples['series']>[number];

export type ServiceLogEvent = ServiceLog['events'][number];

/** The scheduler's periodic `Prefill batch, ...` / `Decode batch, ...` lines (FastDeploy ResourceManagerV1). */
export type SchedulingLog = NonNullable<ServiceLog['scheduling']>;

/** One scheduler line, or (after collect's downsampling) a bucket of consecutive lines of one phase. */
export type SchedulingPoint = SchedulingLog['series'][number];

/** A number as the Prometheus text format writes it: a float, or `NaN`, `+Inf`, `-Inf` (which JSON cannot hold). */
export type MetricValue = ServiceMetrics['samples'][number]['value'];

export type RecordKind = NormalizedRecord['kind'];

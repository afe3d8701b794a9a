import type { Role, ToolError } from '../records.js';

/**
 * A language's message catalogue: the words documents show for what the records carry as codes
 * (event codes, roles, tool-error reasons, remedy keys, environment fields). Records, manifest,
 * JSON and SARIF keep the codes; only documents show words. Messages may hold `{name}` slots
 * filled from the record's data (an event's `data`), and Markdown code spans for commands.
 */
export interface Catalogue {
  /** Service-log event codes (see the log adapters), as a short description with data slots. */
  events: Record<EventCode, string>;
  roles: Record<Role, string>;
  reasons: Record<ToolError['reason'], string>;
  /** Remedy keys a `tool-error` record carries (`<tool>.<reason>`). */
  remedies: Record<RemedyKey, string>;
  environment: Record<EnvironmentField, string>;
  /** Region ids, as the section names the change log shows. */
  regions: Record<string, string>;
  /** A patch note's `necessity`. */
  necessity: Record<'required' | 'fallback', string>;
}

export const EVENT_CODES = [
  'launch.args',
  'startup.ready',
  'worker.launched',
  'kv.gpu-blocks',
  'serving.max-running',
  'service.listening',
  'worker.launch-failed',
  'kv.blocks-negative',
  'engine.init-failed',
  'port.in-use',
  'request.too-many',
  'request.input-too-long',
  'cuda-graph.disabled',
  'decode.throughput',
  'decode.throughput-summary',
  'request.failed',
  'request.no-output-tokens',
] as const;
export type EventCode = (typeof EVENT_CODES)[number];

export const REMEDY_KEYS = ['py-spy.ptrace-denied', 'py-spy.permission-denied', 'py-spy.not-installed', 'py-spy.not-supported'] as const;
export type RemedyKey = (typeof REMEDY_KEYS)[number];

export type EnvironmentField = 'devices' | 'os' | 'kernel' | 'python' | 'paddle' | 'fastdeploy' | 'driver' | 'toolkit';

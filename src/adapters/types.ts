import type { Readable } from 'node:stream';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { JsonParse } from '../util/json.js';
import type { NormalizedRecord, RecordKind } from '../records.js';

/**
 * One file given to an adapter. A small file is read once, whole; a large one only for its head
 * until an adapter streams it. Detection works on the shared decoded head and line index.
 */
export interface ArtifactInput {
  /** Path to open (absolute). */
  readonly path: string;
  /** Path to show in diagnostics (relative to the working directory or the config folder). */
  readonly displayPath: string;
  /** Base name, a hint for detection (`workerlog.0`, `benchmark_formal.json`). */
  readonly name: string;
  /** Size in bytes on disk. */
  readonly size: number;
  /** Whether the file is gzip-compressed (stream() and text() decompress it). */
  readonly gzip: boolean;
  /**
   * First 64 KiB, decompressed when gzip, decoded as UTF-8 (may end mid-character). Binary
   * content (a NUL in the first 8 KiB) is UTF-8 up to that NUL and one character per byte after.
   */
  readonly head: string;
  /** A NUL byte in the first 8 KiB of the head: binary content, which only adapters that read binary are asked about. */
  readonly binary: boolean;
  /** The same first 64 KiB as bytes (decompressed when gzip): for signatures decoding loses. */
  readonly headBytes: Buffer;
  /** `head` split at LF and CRLF, computed once and shared by every adapter's detect(). */
  headLines(): readonly string[];
  /** Whole content as UTF-8. Refuses files over 256 MiB: stream those. */
  text(): Promise<string>;
  /** Whole (decompressed) content as bytes, read in one call when not gzip. Refuses files over 256 MiB. */
  bytes(): Promise<Buffer>;
  /**
   * The content parsed as JSON, with a diagnostic (line, column) when it is not. Inputs over
   * 64 MiB with `skipKeys` (top-level keys the adapter does not need, such as generated texts),
   * and gzipped ones, are streamed and those values dropped while reading, so they are never
   * held in memory.
   */
  json(skipKeys?: readonly string[]): Promise<JsonParse>;
  /** Raw (decompressed) bytes as a stream, for large inputs. */
  stream(): Readable;
  /** Lines without their terminators (LF, CRLF), streamed. */
  lines(): AsyncIterable<string>;
}

export interface ParseResult {
  /** The normalized record; absent when the input could not be read as this kind at all. */
  record?: NormalizedRecord;
  diagnostics: Diagnostic[];
}

/**
 * An adapter detects and parses one artifact format into one normalized record kind.
 * Adapters live one per file in `src/adapters/`, export `adapter`, and are found by the registry:
 * adding a format means adding a file (and its fixtures under `test/fixtures/adapters/<id>/`).
 */
export interface Adapter {
  /** Stable id, also the fixture folder name: `fastdeploy-log`, `mx-smi`, `request-latencies`. */
  readonly id: string;
  /** Record kind produced. */
  readonly kind: RecordKind;
  /** One line for the README table: the tool and format read. */
  readonly title: string;
  /** One line for the README table: how the file is recognised. */
  readonly recognisedBy: string;
  /** One line for the README table: what is extracted. */
  readonly extracts: string;
  /** One line for the README table: what this format never states (so the record cannot know it). */
  readonly cannotKnow?: string;
  /**
   * Confidence 0..1 that the input is this format, from the name and `head` only (no further
   * I/O). 0 = certainly not; >= 0.5 = content matches; 1 = unmistakable signature. Generic
   * fallbacks return small values (0.1) so specific adapters win.
   */
  detect(input: ArtifactInput): number;
  /** Whether detect() is asked about binary content (`input.binary`) too; text formats leave it out. */
  readonly readsBinary?: boolean;
  /** Parse into the record. Never throws for bad content: report diagnostics instead. */
  parse(input: ArtifactInput): Promise<ParseResult>;
}

// The shapes card-data discovery shares between its threads and with callers: options, findings,
// statistics, and the task messages the scanning workers exchange with the coordinator.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Brand } from './brands.js';
import type { Encoding } from './encoding.js';
import type { Confidence, MatchCounters, PanKind, Reason } from './matcher.js';
import type { LocatedHit } from './window.js';

export type { Brand, Confidence, PanKind, Reason };

/** One occurrence of a card number. Holds no full number: brand, length, last four, at most the BIN. */
export type PanFinding = {
  /** The file as reached from the path given (the given path joined with the relative path). */
  file: string;
  /** 1-based line of the first digit (in the inflated data for a .gz file). */
  line: number;
  /** Byte offset of the first digit in the file, or in the inflated data when `compressed`. */
  byteOffset: number;
  /** The file is gzip; `line` and `byteOffset` refer to its inflated content. */
  compressed: boolean;
  /** Set when the text is UTF-16: offsets are still bytes of the file (or inflated data). */
  encoding?: 'utf16le' | 'utf16be';
  kind: PanKind;
  brand: Brand;
  /** Number of digits. */
  length: number;
  last4: string;
  /** Only with `showFirst6`: the first six digits (PCI DSS 3.4.1 allows at most BIN and last four). */
  first6?: string;
  /** `************1111`, or `411111******1111` with `showFirst6`. */
  masked: string;
  /** HMAC-SHA-256 of the digits under the run's key, first 128 bits, base64url: equal numbers match. */
  fingerprint: string;
  confidence: Confidence;
  reasons: Reason[];
  /** A published processor test number (still reported: a test card in production logs says something). */
  testCard: boolean;
  /** Sensitive authentication data (track data, or a card verification code next to the number). */
  sad: boolean;
  /** Name of the field the number is the value of, when there is one (lowercased). */
  field?: string;
  /** About 40 bytes each side on the same line with every digit replaced by '#'. */
  snippet: string;
};

export type BinaryPolicy = 'scan' | 'skip';

export type ScanOptions = {
  /** Globs (picomatch; a pattern without '/' matches the base name) a file must match; default all. */
  include?: readonly string[];
  /** Globs for files and directories to leave out. */
  exclude?: readonly string[];
  /** Files with NUL bytes that are not UTF-16: scan their bytes (default) or skip them. */
  binary?: BinaryPolicy;
  /** Lowest confidence reported (default `medium`); the rest are only counted. */
  minConfidence?: Confidence;
  /** Report the first six digits too (restricted display, PCI DSS 3.4.1). */
  showFirst6?: boolean;
  /** Report 15-digit numbers starting with 1 as UATP (off: epoch timestamps start with 1). */
  uatp?: boolean;
  /** Key for fingerprints (at least 16 bytes); default: random per run, so fingerprints only match within a run. */
  fingerprintKey?: Uint8Array;
  /** Worker threads; 0 scans in the calling thread. Default: available parallelism. */
  jobs?: number;
  /** Files larger than this are split into ranges of this size scanned in parallel (default 8 MiB). */
  chunkSize?: number;
  /** Follow symbolic links met inside directories (default true; links given as paths are always followed). */
  followSymlinks?: boolean;
  /** Stop inflating a .gz file past this expansion ratio (default 200) ... */
  maxGzipRatio?: number;
  /** ... or past this many inflated bytes (default 64 GiB). */
  maxGzipBytes?: number;
  /** Findings kept in the result (default 10,000); more are counted in `stats.findings` only. */
  maxFindings?: number;
};

export type ScanStats = {
  /** Files scanned (fully or in part). */
  files: number;
  /** Bytes read from disk. */
  bytesRead: number;
  /** Bytes the matcher saw (inflated, UTF-16 narrowed to one byte per character). */
  bytesScanned: number;
  gzipFiles: number;
  utf16Files: number;
  binaryFiles: number;
  skippedFiles: number;
  /** Numbers that passed boundary, issuer range, length and Luhn checks. */
  candidates: number;
  /** Of those, the ones below `minConfidence`: counted, not reported. */
  belowThreshold: number;
  /** Findings at or above `minConfidence` (may exceed `findings.length` when capped). */
  findings: number;
  /** Distinct card numbers among the reported findings (by fingerprint). */
  distinctNumbers: number;
  workers: number;
  durationMs: number;
};

export type ScanResult = { findings: PanFinding[]; diagnostics: Diagnostic[]; stats: ScanStats };

/** How workers read; the part of ScanOptions they need. */
export type ReadSettings = {
  binary: BinaryPolicy;
  maxGzipRatio: number;
  maxGzipBytes: number;
  /** Hits kept per task; more are counted only. */
  maxHits: number;
};

/** A whole file, read front to back (small files and .gz files). */
export type FileTask = { kind: 'file'; id: number; path: string; display: string };
/** Bytes [start, end) of a big file; the worker reads OVERLAP bytes of context on both sides. */
export type RangeTask = {
  kind: 'range';
  id: number;
  path: string;
  display: string;
  start: number;
  end: number;
  encoding: Encoding;
  bom: number;
};
export type Task = FileTask | RangeTask;

export type TaskResult = {
  id: number;
  /** Offsets are file (or inflated) byte offsets; `newlines` count from the start of the task's range. */
  hits: LocatedHit[];
  /** Hits beyond `maxHits`, counted only. */
  hitsDropped: number;
  /** Newlines in the task's own range. */
  newlines: number;
  bytesRead: number;
  bytesScanned: number;
  gzip: boolean;
  encoding?: Encoding;
  /** The file was not scanned at all (diagnostics say why). */
  skipped: boolean;
  diagnostics: Diagnostic[];
  counters: MatchCounters;
};

// Card-data discovery as a library: `scanPaths` for files and directories, the report formats, and the
// types a caller needs (the CLI's `find-pan` and `scan`'s data check both go through here).
export { scanPaths } from './scan-paths.js';

export { fingerprinter, randomKey, MIN_KEY_BYTES } from './fingerprint.js';
export { BRANDS, BRAND_LABELS } from './brands.js';
export { CONFIDENCES } from './matcher.js';
export type {
  BinaryPolicy,
  Brand,
  Confidence,
  PanFinding,
  PanKind,
  Reason,
  ScanOptions,
  ScanResult,
  ScanStats,
} from './types.js';

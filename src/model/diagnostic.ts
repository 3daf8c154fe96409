// Problems with the scanned environment (unreadable or malformed input). They never stop a scan:
// the checks that needed the input report `unknown`, and the diagnostic says what went wrong where.

export type Diagnostic = {
  severity: 'error' | 'warning' | 'info';
  /** Stable machine-readable code, e.g. `json-syntax`, `sshd-unknown-keyword`. */
  code: string;
  message: string;
  /** Bundle-relative path of the input, when there is one. */
  file?: string;
  line?: number;
  column?: number;
};

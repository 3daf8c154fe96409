// Where a fact came from, and whether it is known at all. Every value the environment gives us is an
// Observed<T>, so a check cannot read a value without first handling the case where it is missing.

export type Source =
  | { kind: 'file'; path: string; line?: number; host?: string }
  | { kind: 'do-api'; endpoint: string; id?: string; file?: string }
  | { kind: 'terraform'; file: string; line: number; address: string }
  | { kind: 'command'; command: string; host: string; file?: string; line?: number }
  | { kind: 'default'; product: string; note: string }
  | { kind: 'config'; path: string; line?: number };

export type UnknownReason = 'not_collected' | 'access_denied' | 'unparseable' | 'unresolved';

export type Known<T> = { known: true; value: T; source: Source };
export type Unknown = { known: false; reason: UnknownReason; detail: string; source?: Source };
export type Observed<T> = Known<T> | Unknown;

export function known<T>(value: T, source: Source): Known<T> {
  return { known: true, value, source };
}

export function unknown(reason: UnknownReason, detail: string, source?: Source): Unknown {
  return source === undefined ? { known: false, reason, detail } : { known: false, reason, detail, source };
}

/** A short human form of a source, as used in terminal output and SARIF messages: `path:line`, `GET /v2/...`. */
export function describeSource(s: Source): string {
  switch (s.kind) {
    case 'file':
    case 'config':
      return s.line === undefined ? s.path : `${s.path}:${s.line}`;
    case 'do-api':
      return `${s.endpoint}${s.id === undefined ? '' : ` (${s.id})`}`;
    case 'terraform':
      return `${s.file}:${s.line} (${s.address})`;
    case 'command':
      return s.line === undefined ? `${s.command} on ${s.host}` : `${s.command} on ${s.host}, line ${s.line}`;
    case 'default':
      return `${s.product} default (${s.note})`;
  }
}

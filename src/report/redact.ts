// The last gate before anything leaves cdeguard: masks card numbers (to first six / last four) and
// tokens (to their prefix) in any text, and neutralises terminal control characters, whatever produced
// the text. Every output path goes through here, on the report's strings before formatting (so no
// encoding step can hide a number from it) and on the finished text again.

// No word-boundary anchors: a token glued to other word characters (`x_dop_v1_…`, `…_prod`) is still one.
const TOKEN_PATTERNS: readonly RegExp[] = [
  /(do[opr]_v1_)[0-9a-f]{8,}/gi, // DigitalOcean personal, OAuth and refresh tokens
  /(shp(?:at|ca|pa|ss|tka)_)[0-9a-f]{8,}/gi, // Shopify access tokens and shared secrets
  /(gh[pousr]_)[A-Za-z0-9]{20,}/g, // GitHub tokens
  /(AKIA)[0-9A-Z]{16}/g, // AWS access key ids
];

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// A run of digits where one separator may stand between digits: card numbers are written with spaces
// (also doubled), dashes, dots, slashes, underscores, colons, commas, plus signs or tabs. Not ", ": that
// is how lists of port numbers are written, and they must stay readable.
const DIGIT_RUN = /[0-9](?:(?:[ \t._/:,+-]| {2})?[0-9])*/g;

export function maskPan(digits: string): string {
  return `${digits.slice(0, 6)}${'*'.repeat(Math.max(0, digits.length - 10))}${digits.slice(-4)}`;
}

/** Whether a digit string holds a card-number-shaped Luhn-valid window (12-19 digits) anywhere. */
function holdsPan(digits: string): boolean {
  if (digits.length < 12) return false;
  if (digits.length <= 19 && luhnValid(digits)) return true;
  for (let len = 12; len <= 19 && len <= digits.length; len++) {
    for (let i = 0; i + len <= digits.length; i++) {
      const w = digits.slice(i, i + len);
      // Windows inside longer runs only count with a card-issuer leading digit, to keep ids readable.
      if ('23456'.includes(w.charAt(0)) && luhnValid(w)) return true;
    }
  }
  return false;
}

/** C0 controls (but tab and newline), DEL and C1 controls become visible escapes: no terminal injection. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function neutraliseControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function redact(text: string): string {
  let out = text;
  for (const p of TOKEN_PATTERNS) out = out.replace(p, (_m, prefix: string) => `${prefix}****`);
  return out.replace(DIGIT_RUN, (m) => {
    const digits = m.replace(/[^0-9]/g, '');
    // Over-masking a number that only looks like a card number is the safe mistake here.
    return holdsPan(digits) ? maskPan(digits) : m;
  });
}

/** Every string in a JSON-like value, redacted and with control characters neutralised. */
export function redactDeep<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return neutraliseControls(redact(v));
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [neutraliseControls(redact(k)), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

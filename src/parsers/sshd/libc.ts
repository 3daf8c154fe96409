// Faithful ports of the small C helpers sshd's config parser relies on (misc.c, strtonum, sscanf, scan_scaled),
// because their edge cases (signs, whitespace, overflow, trailing garbage) decide which lines are fatal.

export const WHITESPACE = ' \t\r\n';

function isSpace(c: string | undefined): boolean {
  // C isspace() in the C locale.
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** strspn(s, set) */
export function strspn(s: string, set: string): number {
  let i = 0;
  while (i < s.length && set.includes(s[i] as string)) i++;
  return i;
}

/**
 * misc.c strdelim(): splits one token off `s` at whitespace, a double quote or one `=`. `rest` is null once
 * the string is used up; `token` is null when an opening quote has no partner (sshd then drops the line).
 */
export function strdelim(s: string | null): { token: string | null; rest: string | null } {
  if (s === null) return { token: null, rest: null };
  let i = 0;
  while (i < s.length && !(WHITESPACE + '"=').includes(s[i] as string)) i++;
  if (i >= s.length) return { token: s, rest: null };
  if (s[i] === '"') {
    const t = s.slice(0, i) + s.slice(i + 1);
    const j = t.indexOf('"', i);
    if (j < 0) return { token: null, rest: null };
    const after = t.slice(j + 1);
    return { token: t.slice(0, j), rest: after.slice(strspn(after, WHITESPACE)) };
  }
  const wasEquals = s[i] === '=';
  let pos = i + 1 + strspn(s.slice(i + 1), WHITESPACE);
  if (s[pos] === '=' && !wasEquals) pos = pos + 1 + strspn(s.slice(pos + 1), WHITESPACE);
  return { token: s.slice(0, i), rest: s.slice(pos) };
}

/**
 * misc.c argv_split(s, .., terminate_on_comment=1): shell-like words with '…' and "…" quotes and a few
 * backslash escapes; `#` at the start of a word ends the line. Returns null for an unterminated quote.
 */
export function argvSplit(s: string): string[] | null {
  const argv: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    let quote = '';
    let arg = '';
    for (; i < s.length; i++) {
      const ch = s[i] as string;
      const next = s[i + 1];
      if (ch === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' ')) {
          i++;
          arg += next;
        } else {
          arg += ch;
        }
      } else if (quote === '' && (ch === ' ' || ch === '\t')) {
        break;
      } else if (quote === '' && (ch === '"' || ch === "'")) {
        quote = ch;
      } else if (quote !== '' && ch === quote) {
        quote = '';
      } else {
        arg += ch;
      }
    }
    argv.push(arg);
    if (i >= s.length) {
      if (quote !== '') return null;
      break;
    }
  }
  return argv;
}

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
export const INT_MAX = 2147483647;

/** strtoll(s, &end, base) for base 10/8/16/0, saturating like glibc. `end` is the index after the number. */
export function strtoll(s: string, base: number): { value: bigint; end: number; overflow: boolean } {
  let i = 0;
  while (isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let b = base;
  if (
    (b === 0 || b === 16) &&
    s[i] === '0' &&
    (s[i + 1] === 'x' || s[i + 1] === 'X') &&
    isHexDigit(s[i + 2])
  ) {
    i += 2;
    b = 16;
  } else if (b === 0) {
    b = s[i] === '0' ? 8 : 10;
  }
  const start = i;
  let v = 0n;
  for (; i < s.length; i++) {
    const d = digitValue(s[i] as string);
    if (d < 0 || d >= b) break;
    v = v * BigInt(b) + BigInt(d);
  }
  if (i === start) return { value: 0n, end: 0, overflow: false };
  if (neg) v = -v;
  if (v > LLONG_MAX) return { value: LLONG_MAX, end: i, overflow: true };
  if (v < LLONG_MIN) return { value: LLONG_MIN, end: i, overflow: true };
  return { value: v, end: i, overflow: false };
}

function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function digitValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return -1;
}

/** OpenBSD strtonum(): base 10, whole string, range-checked; error is "invalid", "too small" or "too large". */
export function strtonum(s: string, min: number, max: number): { value: number; error: string | null } {
  const r = strtoll(s, 10);
  if (r.end === 0 || r.end !== s.length) return { value: 0, error: 'invalid' };
  if ((r.overflow && r.value === LLONG_MIN) || r.value < BigInt(min)) return { value: 0, error: 'too small' };
  if ((r.overflow && r.value === LLONG_MAX) || r.value > BigInt(max)) return { value: 0, error: 'too large' };
  return { value: Number(r.value), error: null };
}

/** misc.c atoi_err(): a non-negative int, or the strtonum error ("missing" for an absent argument). */
export function atoiErr(s: string | undefined): { value: number; error: string | null } {
  if (s === undefined || s === '') return { value: 0, error: 'missing' };
  return strtonum(s, 0, INT_MAX);
}

/** misc.c a2port(): a number 0..65535 or a tcp service name (getservbyname over /etc/services); -1 if neither. */
export function a2port(s: string, services: ReadonlyMap<string, number>): number {
  const r = strtonum(s, 0, 65535);
  if (r.error === null) return r.value;
  return services.get(s) ?? -1;
}

/** misc.c convtime(): "1h30m" style durations in seconds, -1 when invalid or beyond INT_MAX. */
export function convtime(s: string | undefined): number {
  if (s === undefined || s === '') return -1;
  let total = 0;
  let p = 0;
  while (p < s.length) {
    const rest = s.slice(p);
    const r = strtoll(rest, 10);
    if (r.end === 0 || r.value < 0n) return -1;
    // strtol() is 64-bit here; only the INT_MIN/INT_MAX+ERANGE combination is rejected outright by convtime.
    if (r.overflow) return -1;
    const secs = Number(r.value);
    let endp = p + r.end;
    let mult = 1;
    const u = s[endp];
    endp++;
    switch (u) {
      case undefined:
        endp--;
        break;
      case 's':
      case 'S':
        break;
      case 'm':
      case 'M':
        mult = 60;
        break;
      case 'h':
      case 'H':
        mult = 3600;
        break;
      case 'd':
      case 'D':
        mult = 86400;
        break;
      case 'w':
      case 'W':
        mult = 604800;
        break;
      default:
        return -1;
    }
    if (secs > Math.floor(INT_MAX / mult)) return -1;
    const scaled = secs * mult;
    if (total > INT_MAX - scaled) return -1;
    total += scaled;
    p = endp;
  }
  return total;
}

/**
 * sscanf(s, "%d:%d:%d") style: how many of `count` colon-separated ints were converted. glibc converts with
 * strtol and stores the low 32 bits, so out-of-range numbers wrap instead of failing.
 */
export function scanInts(s: string, count: number): number[] {
  const out: number[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      if (s[p] !== ':') break;
      p++;
    }
    const rest = s.slice(p);
    const r = strtoll(rest, 10);
    // %d skips leading whitespace itself; strtoll() does the same, so only "no digits" stops the scan.
    if (r.end === 0) break;
    out.push(Number(BigInt.asIntN(32, r.value)));
    p += r.end;
  }
  return out;
}

/** strtol(s, &ep, base) requiring the whole string (used for StreamLocalBindMask and IPQoS numbers). */
export function strtolWhole(s: string, base: number): { value: number; whole: boolean; empty: boolean } {
  const r = strtoll(s, base);
  return { value: Number(r.value), whole: r.end === s.length && r.end > 0, empty: r.end === 0 };
}

/** fmt_scaled.c scan_scaled(): "1G", "1.5K", "-3" → bigint, or an errno name. */
export function scanScaled(s: string): { value: bigint } | { error: 'EINVAL' | 'ERANGE' } {
  let p = 0;
  while (p < s.length && isSpace(s[p])) p++;
  let sign = 0;
  while (s[p] === '-' || s[p] === '+') {
    if (sign !== 0) return { error: 'EINVAL' };
    sign = s[p] === '-' ? -1 : 1;
    p++;
  }
  const MAX_DIGITS = 21;
  let ndigits = 0;
  let fractDigits = 0;
  let whole = 0n;
  let fpart = 0n;
  for (; p < s.length && (isDigit(s[p]) || s[p] === '.'); p++) {
    if (s[p] === '.') {
      if (fractDigits > 0) return { error: 'EINVAL' };
      fractDigits = 1;
      continue;
    }
    const d = BigInt((s[p] as string).charCodeAt(0) - 48);
    if (fractDigits > 0) {
      if (fractDigits >= MAX_DIGITS - 1) continue;
      fractDigits++;
      if (fpart > LLONG_MAX / 10n) return { error: 'ERANGE' };
      fpart *= 10n;
      if (d > LLONG_MAX - fpart) return { error: 'ERANGE' };
      fpart += d;
    } else {
      if (++ndigits >= MAX_DIGITS) return { error: 'ERANGE' };
      if (whole > LLONG_MAX / 10n) return { error: 'ERANGE' };
      whole *= 10n;
      if (d > LLONG_MAX - whole) return { error: 'ERANGE' };
      whole += d;
    }
  }
  if (sign !== 0) whole *= BigInt(sign);
  if (p >= s.length) return { value: whole };
  const scaleChars = 'BKMGTPE';
  const idx = scaleChars.indexOf((s[p] as string).toUpperCase());
  if (idx < 0 || (s[p] as string).toUpperCase() !== (s[p] as string).toUpperCase())
    return { error: 'EINVAL' };
  // scan_scaled accepts the upper-case letter or its tolower(); toUpperCase() above folds both.
  if (/[a-zA-Z0-9]/.test(s[p + 1] ?? '')) return { error: 'EINVAL' };
  const fact = 1024n ** BigInt(idx);
  if (whole > LLONG_MAX / fact || whole < LLONG_MIN / fact) return { error: 'ERANGE' };
  whole *= fact;
  while (fpart >= LLONG_MAX / fact || fpart <= LLONG_MIN / fact) {
    fpart /= 10n;
    fractDigits--;
  }
  fpart *= fact;
  for (let i = 0; i < fractDigits - 1; i++) fpart /= 10n;
  whole = sign === -1 ? whole - fpart : whole + fpart;
  return { value: whole };
}

/**
 * misc.c hpdelim(): splits "host:port", "[v6]:port"; returns null for a '/' separator or an unclosed '['.
 * `rest` is null when there was no separator.
 */
export function hpdelim(s: string): { host: string; rest: string | null } | null {
  let i: number;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return null;
    i = close + 1;
  } else {
    i = 0;
    while (i < s.length && s[i] !== ':' && s[i] !== '/') i++;
  }
  if (i >= s.length) return { host: s, rest: null };
  if (s[i] === ':') return { host: s.slice(0, i), rest: s.slice(i + 1) };
  return null;
}

/** misc.c cleanhostname(): strips one pair of [brackets]. */
export function cleanhostname(h: string): string {
  return h.startsWith('[') && h.endsWith(']') && h.length >= 2 ? h.slice(1, -1) : h;
}

/** match.c match_pattern(): `*` and `?` wildcards, case-sensitive. */
export function matchPattern(s: string, pattern: string): boolean {
  // Iterative form of the recursive C code with the same semantics.
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const pc = pattern[pi];
    if (pc === '*') {
      starP = pi++;
      starS = si;
    } else if (pc !== undefined && (pc === '?' || pc === s[si])) {
      si++;
      pi++;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else {
      return false;
    }
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/** match.c match_pattern_list(): 1 positive, -1 negated match, 0 none. Subpatterns of 1023+ chars fail. */
export function matchPatternList(s: string, pattern: string, dolower: boolean): number {
  let gotPositive = 0;
  let i = 0;
  const len = pattern.length;
  while (i < len) {
    let negated = false;
    if (pattern[i] === '!') {
      negated = true;
      i++;
    }
    let sub = '';
    while (i < len && sub.length < 1023 && pattern[i] !== ',') {
      const c = pattern[i] as string;
      sub += dolower && c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
      i++;
    }
    if (sub.length >= 1023) return 0;
    if (i < len && pattern[i] === ',') i++;
    if (matchPattern(s, sub)) {
      if (negated) return -1;
      gotPositive = 1;
    }
  }
  return gotPositive;
}

/** C tolower() over ASCII only, as sshd's lowercase() does. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

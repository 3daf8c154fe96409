/* eslint-disable @typescript-eslint/no-non-null-assertion --
   Hot loop: every typed-array index here is inside [lo, hi) or the array's fixed size by construction,
   and `?? 0` on each read cost about 15 % of throughput. */
// The matcher: finds card numbers and track data in a byte range and turns each into a hit that holds
// no full number. Everything here works on bytes; the digits of a candidate live only in a scratch
// array that is zeroed after use. Pure apart from the keyed fingerprint function it is given.
import {
  BRANDS,
  MAX_PAN_DIGITS,
  MIN_PAN_DIGITS,
  WEAK_BRANDS,
  brandCode,
  brandName,
  type Brand,
} from './brands.js';
import { NEAR_AFTER, NEAR_BEFORE, judgeContext } from './context.js';
import { TEST_CARD_NUMBERS } from './test-cards.js';

export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export type PanKind = 'pan' | 'track1' | 'track2';

/** Why a finding has its confidence; stable codes, documented in docs/pan.md. */
export type Reason =
  | 'card-field'
  | 'card-keyword'
  | 'expiry-nearby'
  | 'cvv-nearby'
  | 'track-data'
  | 'known-test-number'
  | 'id-field'
  | 'weak-issuer-range'
  | 'repeated-digits';

export type MatchOptions = {
  /** Hits below this confidence are only counted. */
  minConfidence: Confidence;
  /** Report the first six digits (the BIN) next to the last four. */
  showFirst6: boolean;
  /** Treat 15-digit numbers starting with 1 as UATP cards (off: every epoch timestamp starts with 1). */
  uatp: boolean;
  /** Keyed fingerprint of the ASCII digits; must not keep a reference to its argument. */
  fingerprint: (asciiDigits: Uint8Array) => string;
};

/** A found card number, located in the scanned buffer; carries no full number. */
export type RawHit = {
  /** Buffer index of the first digit. */
  start: number;
  /** Buffer index after the last digit. */
  end: number;
  kind: PanKind;
  brand: Brand;
  length: number;
  last4: string;
  first6?: string;
  fingerprint: string;
  confidence: Confidence;
  reasons: Reason[];
  testCard: boolean;
  /** Sensitive authentication data: track data, or a CVV next to the number. */
  sad: boolean;
  field?: string;
  /** About 40 bytes each side on the same line, every digit replaced by '#'. */
  snippet: string;
};

export type MatchCounters = {
  /** Numbers that passed boundaries, issuer range, length and Luhn. */
  candidates: number;
  /** Of those, the ones below the confidence threshold (counted, not reported). */
  belowThreshold: number;
};

/** Scratch space and settings of one matcher; one per thread, reused for every range. */
export type Matcher = {
  opts: MatchOptions;
  minRank: number;
  counters: MatchCounters;
  /** Digit values (0-9) of the candidate under test. */
  digits: Uint8Array;
  /** ASCII digits for the fingerprint; zeroed after each use. */
  ascii: Uint8Array;
  groupStart: Int32Array;
  groupEnd: Int32Array;
  /** Masked copy of a context window. */
  window: Buffer;
};

const MAX_GROUPS = 32;
const SNIPPET = 40;
/**
 * The farthest a decision about a candidate looks away from its digits; readers give every range this
 * much context on both sides so a candidate is judged identically whichever chunk owns it.
 */
export const OVERLAP = 1024;

// Byte classes for the hot loop.
const OTHER = 0;
const DIGIT = 1;
const SEP = 2;
const CLS = new Uint8Array(256);
for (let c = 48; c <= 57; c++) CLS[c] = DIGIT;
for (const c of ' -.+') CLS[c.charCodeAt(0)] = SEP;

// Bytes that glue a digit run into a bigger token (hex, base64, identifiers, exponents).
const WORD = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_]/.test(ch)) WORD[c] = 1;
}

// Masked display of a byte: digits to '#', controls and non-ASCII to '.', tab to space.
const DISPLAY = new Uint8Array(256);
for (let c = 0; c < 256; c++) DISPLAY[c] = c >= 0x20 && c < 0x7f ? c : 0x2e;
for (let c = 48; c <= 57; c++) DISPLAY[c] = 0x23;
DISPLAY[9] = 0x20;
// The same, lowercased, for context patterns.
const LOWER = DISPLAY.map((c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));

const SPACE = 0x20;
const PLUS = 0x2b;
const NEWLINE = 0x0a;
const CARET = 0x5e;
const EQUALS = 0x3d;
const UPPER_B = 0x42;
const UPPER_D = 0x44;
const SLASH = 0x2f;
const COLON = 0x3a;

// Which (length, first digit) pairs can be a card at all: the cheapest reject, before any lookup.
const MAY_BE_CARD = new Uint8Array(20 * 10);
for (let len = MIN_PAN_DIGITS; len <= MAX_PAN_DIGITS; len++) {
  for (let d = 0; d <= 9; d++) {
    const lo = d * 100_000;
    for (let p = lo; p < lo + 100_000; p += 100) {
      if (brandCode(p, len) !== 0) {
        MAY_BE_CARD[len * 10 + d] = 1;
        break;
      }
    }
  }
}
MAY_BE_CARD[15 * 10 + 1] = 1; // UATP, when enabled
// Published test numbers by length, as digit values.
const TEST_CARDS: readonly (readonly Uint8Array[])[] = Array.from({ length: MAX_PAN_DIGITS + 1 }, (_, len) =>
  TEST_CARD_NUMBERS.filter((t) => t.length === len).map((t) =>
    Uint8Array.from(t, (c) => c.charCodeAt(0) - 48),
  ),
);
// (length, first digit) of test numbers no issuer range covers (UATP and "unknown brand" ones).
const UNBRANDED_TEST = new Uint8Array(20 * 10);
for (const t of TEST_CARD_NUMBERS) {
  MAY_BE_CARD[t.length * 10 + t.charCodeAt(0) - 48] = 1;
  if (brandCode(Number(t.slice(0, 6)), t.length) === 0)
    UNBRANDED_TEST[t.length * 10 + t.charCodeAt(0) - 48] = 1;
}

// Doubling step of Luhn for each digit value.
const LUHN_DOUBLE = new Uint8Array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);
const UATP_CODE = BRANDS.indexOf('uatp') + 1;

const RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

export function createMatcher(opts: MatchOptions): Matcher {
  return {
    opts,
    minRank: RANK[opts.minConfidence],
    counters: { candidates: 0, belowThreshold: 0 },
    digits: new Uint8Array(MAX_PAN_DIGITS + 1),
    ascii: new Uint8Array(MAX_PAN_DIGITS + 1),
    groupStart: new Int32Array(MAX_GROUPS),
    groupEnd: new Int32Array(MAX_GROUPS),
    window: Buffer.alloc(NEAR_BEFORE + NEAR_AFTER + 2 * SNIPPET + 4 * MAX_PAN_DIGITS),
  };
}

/** The range being scanned and what lies beyond its ends. */
type Range = {
  buf: Uint8Array;
  lo: number;
  hi: number;
  /** Only candidates whose first digit lies in [ownStart, ownEnd) are reported. */
  ownStart: number;
  ownEnd: number;
  /** `lo` is the start of the data (not a cut inside it). */
  atStart: boolean;
  /** `hi` is the end of the data. */
  atEnd: boolean;
  out: RawHit[];
};

/**
 * Scans `buf[lo..hi)` and appends a hit for every card number whose first digit is in
 * [ownStart, ownEnd). Bytes outside the owned range are context only; give at least OVERLAP bytes of
 * it on each side (unless the data starts or ends there) for results independent of where ranges cut.
 */
export function scanRange(
  m: Matcher,
  buf: Uint8Array,
  lo: number,
  hi: number,
  ownStart: number,
  ownEnd: number,
  atStart: boolean,
  atEnd: boolean,
  out: RawHit[],
): void {
  const r: Range = { buf, lo, hi, ownStart, ownEnd, atStart, atEnd, out };
  // A candidate is at least 12 bytes, so probing every 12th byte finds every span that can hold one;
  // only a probe that lands on a digit or separator walks to the span's ends.
  const step = MIN_PAN_DIGITS;
  const stop = Math.min(hi, ownEnd + step - 1);
  let i = Math.max(lo, ownStart) + step - 1;
  while (i < stop) {
    const ci = CLS[buf[i]!]!;
    if (ci === OTHER) {
      i += step;
      continue;
    }
    if (ci === DIGIT) {
      // Fast path for the common case, a bare digit run (ids, timestamps): no separator joins it to
      // another group of digits, so there is no grouping to work out. (Digits by arithmetic, not the
      // class table: ~8 % faster here.)
      let e = i + 1;
      while (e < hi && (buf[e]! - 48) >>> 0 < 10) e++;
      if (!linked(buf, lo, hi, e, 1)) {
        let s = i;
        while (s > lo && (buf[s - 1]! - 48) >>> 0 < 10) s--;
        if (!linked(buf, lo, hi, s - 1, -1)) {
          const len = e - s;
          if (len >= MIN_PAN_DIGITS && len <= MAX_PAN_DIGITS) bareRun(m, r, s, e);
          i = e + step;
          continue;
        }
      }
    }
    // A span of digits and separators; phone numbers, IP addresses and dates in it have too few digits.
    let digits = 0;
    let s = i;
    while (s > lo) {
      const c = CLS[buf[s - 1]!]!;
      if (c === OTHER) break;
      digits += c & DIGIT;
      s--;
    }
    let e = i;
    while (e < hi) {
      const c = CLS[buf[e]!]!;
      if (c === OTHER) break;
      digits += c & DIGIT;
      e++;
    }
    if (digits >= MIN_PAN_DIGITS) analyzeSpan(m, r, s, e);
    i = e + step;
  }
}

/** Whether the byte at `at` is a separator with a digit beyond it (in direction `dir`). */
function linked(buf: Uint8Array, lo: number, hi: number, at: number, dir: number): boolean {
  if (at < lo || at >= hi || CLS[buf[at]!]! !== SEP) return false;
  const next = at + dir;
  return next >= lo && next < hi && CLS[buf[next]!]! === DIGIT;
}

/** Splits a span of digits and separators into digit groups and tests runs and grouped layouts. */
function analyzeSpan(m: Matcher, r: Range, s: number, e: number): void {
  const buf = r.buf;
  const gs = m.groupStart;
  const ge = m.groupEnd;
  let n = 0; // groups in the current sequence
  let sep = 0; // the sequence's separator byte (0 until its second group)
  let inLink = 0; // separator joining the previous group to this one (0: none)
  let lastEnd = -1; // end of the last accepted candidate: candidates never overlap
  let pos = s;
  while (pos < e) {
    const c = buf[pos]!;
    if (c < 48 || c > 57) {
      pos++;
      continue;
    }
    const a = pos;
    while (pos < e && (buf[pos]! - 48) >>> 0 < 10) pos++;
    const b = pos;
    const len = b - a;
    // Exactly one separator followed by a digit links this group to the next.
    const link = b + 1 < e && isDigit(buf[b + 1]!) ? buf[b]! : 0;
    if (len > 6 || dateLike(r, a, b, s, e)) {
      // Too long for a printed group: a run of its own, and the end of any sequence before it.
      if (n >= 2) lastEnd = sequence(m, r, n, sep, lastEnd);
      n = 0;
      sep = 0;
      if (len >= MIN_PAN_DIGITS && len <= MAX_PAN_DIGITS && a >= lastEnd) {
        if (bareRun(m, r, a, b)) lastEnd = b;
      }
      inLink = 0;
      continue;
    }
    if (n > 0 && inLink !== 0 && (sep === 0 || inLink === sep)) {
      sep = inLink;
    } else if (n > 0 && inLink !== 0) {
      // The separator changed: close the sequence and start a new one at the group they share.
      if (n >= 2) lastEnd = sequence(m, r, n, sep, lastEnd);
      gs[0] = gs[n - 1]!;
      ge[0] = ge[n - 1]!;
      n = 1;
      sep = inLink;
    } else {
      if (n >= 2) lastEnd = sequence(m, r, n, sep, lastEnd);
      n = 0;
      sep = 0;
    }
    if (n === MAX_GROUPS) {
      // Absurdly long sequences: judge what we have and keep the tail that a layout could still use.
      lastEnd = sequence(m, r, n, sep, lastEnd);
      gs.copyWithin(0, n - 4, n);
      ge.copyWithin(0, n - 4, n);
      n = 4;
    }
    gs[n] = a;
    ge[n] = b;
    n++;
    inLink = link;
    if (link === 0) {
      if (n >= 2) lastEnd = sequence(m, r, n, sep, lastEnd);
      n = 0;
      sep = 0;
    }
  }
  if (n >= 2) sequence(m, r, n, sep, lastEnd);
}

/** A group that is half of a date or time ("12/28", "12:30") at the edge of the span is no card group. */
function dateLike(r: Range, a: number, b: number, s: number, e: number): boolean {
  if (b === e && b + 1 < r.hi) {
    const c = r.buf[b]!;
    if ((c === SLASH || c === COLON) && isDigit(r.buf[b + 1]!)) return true;
  }
  if (a === s && a - 2 >= r.lo) {
    const c = r.buf[a - 1]!;
    if ((c === SLASH || c === COLON) && isDigit(r.buf[a - 2]!)) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  // One unsigned compare instead of two: measurably faster in the walks.
  return (c - 48) >>> 0 < 10;
}

/**
 * Grouped candidates in a sequence of short digit groups joined by one separator. With spaces (or a
 * URL '+') groups are words, so a layout may start and end at any group ("label 14 3622 720627 1667");
 * with '-' or '.' the whole sequence must be one layout, so dates, UUIDs and version strings stay out.
 */
function sequence(m: Matcher, r: Range, n: number, sep: number, lastEnd: number): number {
  const gs = m.groupStart;
  const ge = m.groupEnd;
  const words = sep === SPACE || sep === PLUS;
  if (!words && gs[0]! < lastEnd) return lastEnd;
  let i = 0;
  while (i < n) {
    if (gs[i]! < lastEnd) {
      i++;
      continue;
    }
    const maxK = words ? Math.min(5, n - i) : n - i;
    const minK = words ? 3 : n - i;
    let taken = 0;
    for (let k = maxK; k >= minK && k >= 3 && k <= 5; k--) {
      if (!layout(m, i, k)) continue;
      // Only whole layouts: "6207 7512 3456 2004 5" is a 17-digit layout that failed, not a 16-digit
      // card followed by a stray digit.
      if (words && ((i > 0 && layout(m, i - 1, k + 1)) || (i + k < n && layout(m, i, k + 1)))) continue;
      const a = gs[i]!;
      const b = ge[i + k - 1]!;
      if (groupedCandidate(m, r, i, k, a, b)) {
        taken = k;
        lastEnd = b;
        break;
      }
    }
    if (!words) break;
    i += taken > 0 ? taken : 1;
  }
  return lastEnd;
}

/** Printed layouts: groups of four with a shorter last group (4-4-4-4, 4-4-4-4-3, 4-4-4-2), 4-6-5, 4-6-4. */
function layout(m: Matcher, i: number, k: number): boolean {
  if (groupSize(m, i) !== 4) return false;
  if (k === 3 && groupSize(m, i + 1) === 6) {
    const last = groupSize(m, i + 2);
    return last === 4 || last === 5;
  }
  for (let j = 1; j < k - 1; j++) if (groupSize(m, i + j) !== 4) return false;
  const last = groupSize(m, i + k - 1);
  const total = 4 * (k - 1) + last;
  return last >= 1 && last <= 4 && total >= MIN_PAN_DIGITS && total <= MAX_PAN_DIGITS;
}

function groupSize(m: Matcher, j: number): number {
  return m.groupEnd[j]! - m.groupStart[j]!;
}

/** A digit run may start here: not glued to a word, not the fraction of a decimal, not a track tail. */
function leftOk(r: Range, a: number): boolean {
  if (a <= r.lo) return r.atStart && a === r.lo;
  const c = r.buf[a - 1]!;
  if (c === SPACE || c === PLUS) return true;
  if (c === 0x2d || c === 0x2e) {
    // "0.5271…", "2024-…": a dash or dot right after a digit joins the numbers; a dash after a letter
    // or digit is a hyphenated token such as a UUID ("…-b66c-679161489092").
    if (a - 1 <= r.lo) return r.atStart;
    const p = r.buf[a - 2]!;
    return c === 0x2d ? WORD[p]! === 0 : !isDigit(p);
  }
  // "^2812101…" and "=2812101…" after digits are the expiry/discretionary fields of track data.
  if (c === CARET) return false;
  if (c === EQUALS && a - 2 >= r.lo && isDigit(r.buf[a - 2]!)) return false;
  return WORD[c]! === 0;
}

/** A digit run may end here: not glued to a word or exponent, not followed by a fraction. */
function rightOk(r: Range, b: number): boolean {
  if (b >= r.hi) return r.atEnd && b === r.hi;
  const c = r.buf[b]!;
  if (c === SPACE || c === PLUS) return true;
  if (c === 0x2d || c === 0x2e) {
    if (b + 1 >= r.hi) return r.atEnd;
    const n = r.buf[b + 1]!;
    return c === 0x2d ? WORD[n]! === 0 : !isDigit(n);
  }
  return WORD[c]! === 0;
}

/** Digits after `from` up to `limit` bytes: the YYMM + service code of track data need seven. */
function digitsAt(r: Range, from: number, need: number): boolean {
  if (from + need > r.hi) return false;
  for (let j = from; j < from + need; j++) if (!isDigit(r.buf[j]!)) return false;
  return true;
}

/** Track 1 (format B): `%B` PAN `^` NAME(2-26) `^` YYMM service-code discretionary `?`. */
function track1At(r: Range, a: number, b: number): boolean {
  const buf = r.buf;
  if (a - 1 < r.lo || buf[a - 1]! !== UPPER_B) return false;
  if (a - 2 >= r.lo && WORD[buf[a - 2]!]! !== 0) return false;
  if (a - 2 < r.lo && !(r.atStart && a - 1 === r.lo)) return false;
  if (buf[b]! !== CARET || b >= r.hi) return false;
  let j = b + 1;
  const nameEnd = Math.min(r.hi, j + 27);
  while (j < nameEnd && buf[j]! !== CARET && buf[j]! !== NEWLINE) j++;
  const nameLen = j - b - 1;
  if (j >= nameEnd || buf[j]! !== CARET || nameLen < 2 || nameLen > 26) return false;
  return digitsAt(r, j + 1, 7);
}

/** Track 2: PAN `=` (or EMV tag 57's `D`) YYMM service-code discretionary. */
function track2At(r: Range, b: number): boolean {
  const c = r.buf[b]!;
  return (c === EQUALS || c === UPPER_D) && digitsAt(r, b + 1, 7);
}

function bareRun(m: Matcher, r: Range, a: number, b: number): boolean {
  const len = b - a;
  const buf = r.buf;
  const d0 = buf[a]! - 48;
  if (MAY_BE_CARD[len * 10 + d0]! === 0) return false;
  // Issuer range and Luhn straight from the bytes: most runs stop here, before anything is copied.
  const p6 =
    d0 * 100000 +
    (buf[a + 1]! - 48) * 10000 +
    (buf[a + 2]! - 48) * 1000 +
    (buf[a + 3]! - 48) * 100 +
    (buf[a + 4]! - 48) * 10 +
    (buf[a + 5]! - 48);
  const code = brandOf(m, p6, len, d0);
  if (code < 0) return false;
  let sum = 0;
  for (let j = b - 1; j >= a; j -= 2) sum += buf[j]! - 48;
  for (let j = b - 2; j >= a; j -= 2) sum += LUHN_DOUBLE[buf[j]! - 48]!;
  if (sum % 10 !== 0) return false;
  let kind: PanKind = 'pan';
  if (track1At(r, a, b)) kind = 'track1';
  else if (!leftOk(r, a)) return false;
  else if (track2At(r, b)) kind = 'track2';
  else if (!rightOk(r, b)) return false;
  const d = m.digits;
  for (let j = 0; j < len; j++) d[j] = buf[a + j]! - 48;
  return accept(m, r, len, a, b, kind, code);
}

/**
 * Brand code for a prefix and length: > 0 a brand, 0 no brand but possibly a published test number
 * of no known range, -1 certainly not a card.
 */
function brandOf(m: Matcher, p6: number, len: number, d0: number): number {
  const code = brandCode(p6, len);
  if (code !== 0) return code;
  if (m.opts.uatp && d0 === 1 && len === 15) return UATP_CODE;
  return UNBRANDED_TEST[len * 10 + d0]! === 0 ? -1 : 0;
}

function groupedCandidate(m: Matcher, r: Range, i: number, k: number, a: number, b: number): boolean {
  const buf = r.buf;
  const d = m.digits;
  let len = 0;
  for (let j = i; j < i + k; j++) {
    for (let p = m.groupStart[j]!; p < m.groupEnd[j]!; p++) d[len++] = buf[p]! - 48;
  }
  const d0 = d[0]!;
  if (MAY_BE_CARD[len * 10 + d0]! === 0 || !leftOk(r, a) || !rightOk(r, b)) {
    return clear(d, len, false);
  }
  const p6 = d0 * 100000 + d[1]! * 10000 + d[2]! * 1000 + d[3]! * 100 + d[4]! * 10 + d[5]!;
  const code = brandOf(m, p6, len, d0);
  if (code < 0 || !luhn(d, len)) return clear(d, len, false);
  return accept(m, r, len, a, b, 'pan', code);
}

/**
 * A Luhn-valid number in an issuer range (or a published test number): label, context, confidence,
 * and a hit if the range owns it and it clears the threshold. Returns true: callers skip its digits.
 */
function accept(
  m: Matcher,
  r: Range,
  len: number,
  a: number,
  b: number,
  kind: PanKind,
  code: number,
): boolean {
  const d = m.digits;
  const testCard = isTestCard(d, len);
  if (code === 0 && !testCard) return clear(d, len, false);
  if (a < r.ownStart || a >= r.ownEnd) return clear(d, len, true);
  m.counters.candidates++;

  const brand: Brand = code === 0 ? (d[0] === 1 ? 'uatp' : 'unknown') : brandName(code);
  const track = kind !== 'pan';
  const junk = !testCard && repeated(d, len);
  let weak = WEAK_BRANDS.has(brand) || junk;
  // A weak number reaches medium only with card evidence nearby, never high. Most are 13-digit ids
  // with none: a byte scan settles them without building the context strings (a third of all CPU).
  if (weak && !testCard && !track && m.minRank >= RANK.medium) {
    if (m.minRank > RANK.medium || !mayHaveEvidence(r, a, b)) {
      m.counters.belowThreshold++;
      return clear(d, len, true);
    }
  }
  const verdict = context(m, r, a, b);
  const reasons: Reason[] = [];
  if (WEAK_BRANDS.has(brand)) reasons.push('weak-issuer-range');
  if (junk) reasons.push('repeated-digits');
  if (testCard) {
    // An exact published test number is certainly card-shaped data, whatever its range says.
    weak = false;
    reasons.push('known-test-number');
  }
  if (track) reasons.push('track-data');
  if (verdict.cardField) reasons.push('card-field');
  if (verdict.cardKeyword) reasons.push('card-keyword');
  if (verdict.expiry) reasons.push('expiry-nearby');
  if (verdict.cvv) reasons.push('cvv-nearby');
  if (verdict.idField) reasons.push('id-field');
  const evidence = track || verdict.cardField || verdict.cardKeyword || verdict.expiry || verdict.cvv;
  let confidence: Confidence;
  if (track) confidence = 'high';
  else if (verdict.idField) confidence = 'low';
  else if (evidence) confidence = weak ? 'medium' : 'high';
  else confidence = weak ? 'low' : 'medium';

  if (RANK[confidence] < m.minRank) {
    m.counters.belowThreshold++;
    return clear(d, len, true);
  }
  const ascii = m.ascii;
  for (let j = 0; j < len; j++) ascii[j] = d[j]! + 48;
  const fingerprint = m.opts.fingerprint(ascii.subarray(0, len));
  for (let j = 0; j < len; j++) ascii[j] = 0;
  const hit: RawHit = {
    start: a,
    end: b,
    kind,
    brand,
    length: len,
    last4: digitString(d, len - 4, len),
    fingerprint,
    confidence,
    reasons,
    testCard,
    sad: track || verdict.cvv,
    snippet: snippet(m, r, a, b, kind),
  };
  if (m.opts.showFirst6) hit.first6 = digitString(d, 0, 6);
  if (verdict.field !== undefined) hit.field = verdict.field;
  r.out.push(hit);
  return clear(d, len, true);
}

function clear(d: Uint8Array, len: number, result: boolean): boolean {
  // A loop, not fill(): the array is tiny and this runs for every candidate.
  for (let j = 0; j < len; j++) d[j] = 0;
  return result;
}

function luhn(d: Uint8Array, n: number): boolean {
  let sum = 0;
  for (let i = n - 1; i >= 0; i -= 2) sum += d[i]!;
  for (let i = n - 2; i >= 0; i -= 2) sum += LUHN_DOUBLE[d[i]!] ?? 0;
  return sum % 10 === 0;
}

function isTestCard(d: Uint8Array, len: number): boolean {
  outer: for (const t of TEST_CARDS[len] ?? []) {
    for (let j = 0; j < len; j++) if (t[j] !== d[j]) continue outer;
    return true;
  }
  return false;
}

/** ccsrch's junk rule: all digits the same, or the last eight the same (zero-filled or padded). */
function repeated(d: Uint8Array, len: number): boolean {
  const last = d[len - 1];
  let same = 1;
  for (let j = len - 2; j >= 0 && d[j] === last; j--) same++;
  return same >= 8;
}

function digitString(d: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let j = from; j < to; j++) s += String.fromCharCode(48 + d[j]!);
  return s;
}

// Letter tokens that can make a context pattern match (context.ts), as hashes; a superset on purpose:
// a false alarm costs one full context check, a miss would cost a finding. Like the patterns, a token
// touching a digit is no word ("cc" in the hex "cc2bdde0").
const EVIDENCE_TOKENS = hashes([
  'cc',
  'ccn',
  'ccnum',
  'ccno',
  'pan',
  'debit',
  'visa',
  'mastercard',
  'amex',
  'discover',
  'maestro',
  'jcb',
  'diners',
  'unionpay',
  'karte',
  'carte',
  'tarjeta',
  'valid',
  'mm',
  'cvn',
  'cid',
  'csc',
  'cav',
  'cvd',
]);
// Field names that say "card number" only as the field the number is the value of.
const KEY_TOKENS = hashes(['number', 'num', 'no', 'acct', 'account', 'primary']);
/** How far a field name may end before its value (`"number" : "`). */
const KEY_GAP = 6;

function hashes(words: readonly string[]): ReadonlySet<number> {
  return new Set(words.map((t) => tokenHash(Buffer.from(t, 'latin1'), 0, t.length)));
}

function tokenHash(t: Uint8Array, from: number, to: number): number {
  let h = 0;
  for (let j = from; j < to; j++) h = (Math.imul(h, 31) + t[j]!) | 0;
  return h;
}

// Lowercase ASCII letter of a byte, 0 for anything else.
const LETTER = new Uint8Array(256);
for (let c = 0x61; c <= 0x7a; c++) {
  LETTER[c] = c;
  LETTER[c - 0x20] = c;
}
const L_A = 0x61;
const L_C = 0x63;
const L_D = 0x64;
const L_E = 0x65;
const L_R = 0x72;
const L_S = 0x73;
const L_V = 0x76;

/** Whether letters `w` (lowercase) stand at `at` (and fit before `to`). */
function lettersAt(buf: Uint8Array, at: number, to: number, w: string): boolean {
  if (at + w.length > to) return false;
  for (let k = 0; k < w.length; k++) if (LETTER[buf[at + k]!]! !== w.charCodeAt(k)) return false;
  return true;
}

/** card, cred, cvv, cvc anywhere in the token; exp, secur, verif at its start. */
function cardishToken(buf: Uint8Array, from: number, to: number): boolean {
  const first = LETTER[buf[from]!]!;
  if (first === L_E && lettersAt(buf, from, to, 'exp')) return true;
  if (first === L_S && lettersAt(buf, from, to, 'secur')) return true;
  if (first === L_V && lettersAt(buf, from, to, 'verif')) return true;
  for (let j = from; j + 2 < to; j++) {
    if (LETTER[buf[j]!]! !== L_C) continue;
    const n1 = LETTER[buf[j + 1]!]!;
    const n2 = LETTER[buf[j + 2]!]!;
    if (n1 === L_V && (n2 === L_V || n2 === L_C)) return true;
    if (
      j + 3 < to &&
      LETTER[buf[j + 3]!]! === L_D &&
      ((n1 === L_A && n2 === L_R) || (n1 === L_R && n2 === L_E))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Cheap and conservative: false only if no context pattern can match the line around [a, b) — no
 * card, expiry or verification word within NEAR_BEFORE/NEAR_AFTER bytes, no MM/YY right after.
 */
function mayHaveEvidence(r: Range, a: number, b: number): boolean {
  const buf = r.buf;
  let ws = a;
  const wsMin = Math.max(r.lo, a - NEAR_BEFORE);
  while (ws > wsMin && buf[ws - 1]! !== NEWLINE) ws--;
  let we = b;
  const weMax = Math.min(r.hi, b + NEAR_AFTER);
  while (we < weMax && buf[we]! !== NEWLINE) we++;
  // An expiry date shortly after: two digits, a slash or dash, two digits.
  const dateEnd = Math.min(we, b + 24) - 3;
  for (let j = b; j < dateEnd; j++) {
    if (isDigit(buf[j]!) && isDigit(buf[j + 1]!)) {
      let k = j + 2;
      if (buf[k]! === SPACE) k++;
      const c = buf[k]!;
      if ((c === SLASH || c === 0x2d) && k + 2 <= we) return true;
    }
  }
  let j = ws;
  while (j < we) {
    if (LETTER[buf[j]!]! === 0) {
      j++;
      continue;
    }
    const t0 = j;
    let h = 0;
    while (j < we) {
      const c = LETTER[buf[j]!]!;
      if (c === 0) break;
      h = (Math.imul(h, 31) + c) | 0;
      j++;
    }
    const word = (t0 === ws || !isDigit(buf[t0 - 1]!)) && (j === we || !isDigit(buf[j]!));
    if (
      (word && EVIDENCE_TOKENS.has(h)) ||
      (word && j <= a && a - j <= KEY_GAP && KEY_TOKENS.has(h)) ||
      cardishToken(buf, t0, j)
    ) {
      return true;
    }
  }
  return false;
}

/** The masked line around [a, b): judged for context and cut for the snippet. */
function context(m: Matcher, r: Range, a: number, b: number) {
  const buf = r.buf;
  let ws = a;
  const wsMin = Math.max(r.lo, a - NEAR_BEFORE);
  while (ws > wsMin && buf[ws - 1]! !== NEWLINE) ws--;
  let we = b;
  const weMax = Math.min(r.hi, b + NEAR_AFTER);
  while (we < weMax && buf[we]! !== NEWLINE) we++;
  const w = m.window;
  const n = we - ws;
  for (let j = 0; j < n; j++) w[j] = LOWER[buf[ws + j]!] ?? 0x2e;
  const lower = w.toString('latin1', 0, n);
  for (let j = 0; j < n; j++) w[j] = 0;
  return judgeContext(lower.slice(0, a - ws), lower.slice(b - ws));
}

/**
 * About SNIPPET bytes each side of [a, b) on the same line, masked, for the report. In track 1 the
 * cardholder name goes too: next to a PAN it is account data as well.
 */
function snippet(m: Matcher, r: Range, a: number, b: number, kind: PanKind): string {
  const buf = r.buf;
  let ws = a;
  const wsMin = Math.max(r.lo, a - SNIPPET);
  while (ws > wsMin && buf[ws - 1]! !== NEWLINE) ws--;
  let we = b;
  const weMax = Math.min(r.hi, b + SNIPPET);
  while (we < weMax && buf[we]! !== NEWLINE) we++;
  const w = m.window;
  const n = we - ws;
  for (let j = 0; j < n; j++) w[j] = DISPLAY[buf[ws + j]!] ?? 0x2e;
  const text = w.toString('latin1', 0, n);
  for (let j = 0; j < n; j++) w[j] = 0;
  return kind === 'track1' ? text.replace(/\^[^^]{1,26}\^/g, '^<name>^') : text;
}

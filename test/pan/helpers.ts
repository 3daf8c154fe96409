// Shared by the card-data tests: an independent Luhn, card-number generators, and a way to run the
// matcher over a text the way the file reader does. Expected values never come from the code under test.
import { createHmac } from 'node:crypto';
import { createMatcher, type MatchOptions } from '../../src/pan/matcher.js';
import { createWindowScanner, type LocatedHit } from '../../src/pan/window.js';

export const TEST_KEY = Buffer.from('cdeguard test key, not a secret, 32b', 'utf8');

/** Luhn, written from the definition (ISO/IEC 7812-1 annex B), independent of src/pan. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `body + digit` Luhn-valid. */
export function checkDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + String(d))) return String(d);
  throw new Error('unreachable');
}

export function randomDigits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
}

/** A Luhn-valid number of `length` digits starting with `prefix`. */
export function cardNumber(rnd: () => number, prefix: string, length: number): string {
  const body = prefix + randomDigits(rnd, length - prefix.length - 1);
  return body + checkDigit(body);
}

export type Hit = LocatedHit & { line: number };

export function matchOptions(over: Partial<MatchOptions> = {}): MatchOptions {
  return {
    minConfidence: 'medium',
    showFirst6: true,
    uatp: false,
    fingerprint: (d) =>
      createHmac('sha256', TEST_KEY).update(d).digest().subarray(0, 16).toString('base64url'),
    ...over,
  };
}

/**
 * Runs the matcher over `text` through a window scanner, pushing it in pieces of `piece` bytes (the
 * file and gzip readers do the same), and returns the hits with 1-based line numbers.
 */
export function scanText(
  text: string | Uint8Array,
  over: Partial<MatchOptions> = {},
  piece = 1 << 20,
): Hit[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  const hits: Hit[] = [];
  const w = createWindowScanner({
    matcher: createMatcher(matchOptions(over)),
    capacity: 4096,
    base: 0,
    baseIsStart: true,
    ownFrom: 0,
    ownTo: Number.POSITIVE_INFINITY,
    onHit: (h) => hits.push({ ...h, line: h.newlines + 1 }),
  });
  for (let off = 0; off < bytes.length; off += piece)
    w.push(bytes.subarray(off, Math.min(bytes.length, off + piece)));
  w.finish(true);
  return hits;
}

/** Every way a full number could show in text: bare, and with any one printer separator. */
export function fullForms(pan: string): string[] {
  const forms = [pan];
  for (const sep of [' ', '-', '.']) {
    forms.push(pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`));
    if (pan.length === 15 || pan.length === 14)
      forms.push(`${pan.slice(0, 4)}${sep}${pan.slice(4, 10)}${sep}${pan.slice(10)}`);
  }
  return forms;
}

// Keyed fingerprints of card numbers, so equal numbers can be matched across files without storing a
// hash anyone could brute-force: next to BIN and last four an unkeyed hash of a 16-digit PAN falls to
// ~10^5 guesses (PCI DSS 3.5.1), so the hash is an HMAC under a key that never appears in a report.
import { createHmac, randomBytes } from 'node:crypto';

export const MIN_KEY_BYTES = 16;

/** HMAC-SHA-256 over the ASCII digits, first 128 bits, base64url. */
export function fingerprinter(key: Uint8Array): (asciiDigits: Uint8Array) => string {
  return (asciiDigits) =>
    createHmac('sha256', key).update(asciiDigits).digest().subarray(0, 16).toString('base64url');
}

/** 256 random bits: fingerprints then match within one run only. */
export function randomKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

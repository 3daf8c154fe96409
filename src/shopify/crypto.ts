// The two primitives every verifier shares: HMAC-SHA256 with a client secret, and a constant-time
// comparison of digests that never throws.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secrets to try, in order: typically `[clientSecret]`, plus the previous secret during a rotation
 * and the store's admin notifications signing key for subscriptions created in the Shopify admin.
 * The tuple type makes an empty list a compile error.
 */
export type Secrets = readonly [string, ...string[]];

/** Every secret is a non-empty string. Checked at run time too, because an empty key still "verifies". */
export function secretsUsable(secrets: unknown): secrets is Secrets {
  if (!Array.isArray(secrets) || secrets.length === 0) return false;
  for (const s of secrets as unknown[]) if (typeof s !== 'string' || s.length === 0) return false;
  return true;
}

/** HMAC-SHA256 keyed with the secret's own UTF-8 bytes (never hex-decoded, although it looks like hex). */
export function hmacSha256(secret: string, message: Uint8Array | string): Buffer {
  return createHmac('sha256', secret).update(message).digest();
}

/**
 * The index of the first secret whose MAC of `message` equals `mac`, or -1. Digests are compared as
 * bytes in constant time, after the length check that keeps timingSafeEqual from throwing.
 */
export function matchingSecret(secrets: Secrets, message: Uint8Array | string, mac: Uint8Array): number {
  if (mac.length !== 32) return -1;
  for (let i = 0; i < secrets.length; i++) {
    if (timingSafeEqual(hmacSha256(secrets[i] as string, message), mac)) return i;
  }
  return -1;
}

/** What the clock options take: milliseconds since the epoch, like `Date.now`. */
export type Clock = () => number;

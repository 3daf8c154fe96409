// What the OAuth and app-proxy verifiers share: parsing a query into a multimap that keeps repeats,
// the hex signature format, and the timestamp window.
import type { Clock, Secrets } from './crypto.js';

/** A query as received: the raw query string (with or without `?`), a request target, or parsed params. */
export type QueryInput = string | URLSearchParams | URL;

/** Decoded parameters in arrival order. A Map, so `__proto__` or `constructor` keys are plain keys. */
export type QueryParams = Map<string, string[]>;

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

export function parseQuery(query: QueryInput): QueryParams | undefined {
  let params: URLSearchParams;
  if (query instanceof URLSearchParams) params = query;
  else if (query instanceof URL) params = query.searchParams;
  else if (typeof query === 'string') {
    // A request target (`/auth/callback?code=…`) or an absolute URL is parsed as a URL, so only its
    // query counts; anything else is a bare query string, in which a later `?` is data.
    if (query.startsWith('/') || ABSOLUTE_URL.test(query)) {
      // URL.parse would do, but it is newer than Node 20.11.
      if (!URL.canParse(query, 'http://localhost')) return undefined;
      params = new URL(query, 'http://localhost').searchParams;
    } else params = new URLSearchParams(query);
  } else return undefined;
  const out: QueryParams = new Map();
  for (const [key, value] of params) {
    const values = out.get(key);
    if (values) values.push(value);
    else out.set(key, [value]);
  }
  return out;
}

// Shopify sends lowercase hex; accepting only that makes the encoding canonical, so comparing decoded
// bytes is the same as comparing the strings.
const HEX_DIGEST = /^[0-9a-f]{64}$/;

export function decodeHexDigest(value: string): Buffer | undefined {
  return HEX_DIGEST.test(value) ? Buffer.from(value, 'hex') : undefined;
}

const TIMESTAMP = /^[0-9]{1,12}$/;

export type TimestampCheck = 'ok' | 'malformed' | 'stale';

/**
 * A decimal integer of seconds within `maxSkewSeconds` of the clock (either way). `NaN`, `Infinity`,
 * signs, decimals and exponents are malformed. The ±90 s default is Shopify's library policy, not a
 * documented Shopify rule.
 */
export function checkTimestamp(value: string, now: Clock, maxSkewSeconds: number): TimestampCheck {
  if (!TIMESTAMP.test(value)) return 'malformed';
  return Math.abs(now() / 1000 - Number(value)) <= maxSkewSeconds ? 'ok' : 'stale';
}

export const DEFAULT_MAX_SKEW_SECONDS = 90;

/** Why a signed query was refused; `parameter` names the offending parameter where there is one. */
export type QueryRejection =
  | 'bad-query'
  | 'no-usable-secret'
  | 'missing-signature'
  | 'malformed-signature'
  | 'repeated-parameter'
  | 'missing-timestamp'
  | 'malformed-timestamp'
  | 'signature-mismatch'
  | 'stale-timestamp'
  | 'missing-shop'
  | 'invalid-shop';

export type QueryFailure = { valid: false; reason: QueryRejection; parameter?: string; hint?: string };

/** Options both query verifiers take. */
export type QueryOptions = {
  query: QueryInput;
  /** The app's client secret first; the previous one during a rotation. */
  secrets: Secrets;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: Clock;
  /** Allowed distance between `timestamp` and the clock, in seconds; default 90. */
  maxSkewSeconds?: number;
  /**
   * Require `shop` to be a `<name>.myshopify.com` host (default true). Turn off only to check a signature
   * over test data whose shop is not a real domain.
   */
  checkShopDomain?: boolean;
};

// OAuth callback and admin-launch URLs: `hmac` is the lowercase hex HMAC-SHA256 of every other parameter,
// sorted by key, percent-encoded as URLSearchParams does with spaces as `%20`, joined with `&`.
import { isShopDomain } from './shop-domain.js';
import { matchingSecret, secretsUsable } from './crypto.js';
import {
  DEFAULT_MAX_SKEW_SECONDS,
  checkTimestamp,
  decodeHexDigest,
  parseQuery,
  type QueryFailure,
  type QueryOptions,
} from './query-params.js';

export type OAuthQueryVerification =
  | {
      valid: true;
      shop: string;
      secretIndex: number;
      /** The verified parameters (without `hmac`); read values from here, not from another parse. */
      params: ReadonlyMap<string, string>;
    }
  | QueryFailure;

/** The exact string Shopify signs for an OAuth or admin request: parameters minus `hmac` and `signature`. */
export function oauthMessage(params: ReadonlyMap<string, string>): string {
  const sorted = new URLSearchParams();
  // Code-unit order, as Shopify's servers sort (byte order for the ASCII keys Shopify sends); not
  // localeCompare, whose order depends on the locale.
  for (const key of [...params.keys()].sort()) {
    if (key !== 'hmac' && key !== 'signature') sorted.append(key, params.get(key) as string);
  }
  // URLSearchParams writes a space as `+` and a literal `+` as `%2B`, so this swap touches spaces only.
  return sorted.toString().replaceAll('+', '%20');
}

const MISMATCH_HINT =
  'Every parameter is signed: a proxy or framework that adds, drops or re-encodes one breaks the signature. ' +
  'The key is the app client secret.';

/**
 * Verifies an OAuth callback (or admin launch) query. Every parameter is signed, so none is
 * whitelisted; a repeated parameter is refused, which also leaves bulk-action `ids[]` links unsupported.
 * Checking `state` against your cookie stays the caller's job.
 */
export function verifyOAuthQuery(options: QueryOptions): OAuthQueryVerification {
  const multi = parseQuery(options.query);
  if (multi === undefined) return { valid: false, reason: 'bad-query' };
  if (!secretsUsable(options.secrets)) return { valid: false, reason: 'no-usable-secret' };
  const params = new Map<string, string>();
  for (const [key, values] of multi) {
    if (values.length > 1) return { valid: false, reason: 'repeated-parameter', parameter: key };
    params.set(key, values[0] as string);
  }
  const hmac = params.get('hmac');
  if (hmac === undefined) return { valid: false, reason: 'missing-signature', parameter: 'hmac' };
  const mac = decodeHexDigest(hmac);
  if (mac === undefined) return { valid: false, reason: 'malformed-signature', parameter: 'hmac' };
  const timestamp = params.get('timestamp');
  if (timestamp === undefined) return { valid: false, reason: 'missing-timestamp', parameter: 'timestamp' };

  const secretIndex = matchingSecret(options.secrets, oauthMessage(params), mac);
  if (secretIndex < 0) {
    return { valid: false, reason: 'signature-mismatch', parameter: 'hmac', hint: MISMATCH_HINT };
  }
  const now = options.now ?? Date.now;
  const fresh = checkTimestamp(timestamp, now, options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS);
  if (fresh !== 'ok') {
    const reason = fresh === 'malformed' ? 'malformed-timestamp' : 'stale-timestamp';
    return { valid: false, reason, parameter: 'timestamp' };
  }
  const shop = params.get('shop');
  if (shop === undefined) return { valid: false, reason: 'missing-shop', parameter: 'shop' };
  if (options.checkShopDomain !== false && !isShopDomain(shop)) {
    return { valid: false, reason: 'invalid-shop', parameter: 'shop' };
  }
  params.delete('hmac');
  return { valid: true, shop, secretIndex, params };
}

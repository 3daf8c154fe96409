// App proxy requests: `signature` is the lowercase hex HMAC-SHA256 of every other parameter, sorted by
// key, written `key=value` with decoded values (repeats joined by `,`), concatenated with no separator.
import { isShopDomain } from './shop-domain.js';
import { matchingSecret, secretsUsable } from './crypto.js';
import {
  DEFAULT_MAX_SKEW_SECONDS,
  checkTimestamp,
  decodeHexDigest,
  parseQuery,
  type QueryFailure,
  type QueryOptions,
  type QueryParams,
} from './query-params.js';

/**
 * Parameters Shopify adds itself. A repeat means someone added another copy, and two copies let the MAC
 * cover one reading while the app acts on another (the session lookup read the first `shop`, the MAC
 * the joined list), so a repeat is refused. Application parameters may repeat.
 */
const MUST_NOT_REPEAT = ['shop', 'timestamp', 'signature', 'hmac', 'logged_in_customer_id', 'path_prefix'];

export type AppProxyVerification =
  | {
      valid: true;
      shop: string;
      /** Undefined when nobody is logged in (Shopify then sends the parameter empty). */
      loggedInCustomerId: string | undefined;
      pathPrefix: string | undefined;
      secretIndex: number;
      /** The verified parameters, repeats kept in order; read values from here, not from another parse. */
      params: ReadonlyMap<string, readonly string[]>;
    }
  | QueryFailure;

/** The exact string Shopify signs for an app proxy request. Empty values stay (`logged_in_customer_id=`). */
export function appProxyMessage(params: QueryParams): string {
  let message = '';
  // Code-unit order, as for OAuth.
  for (const key of [...params.keys()].sort()) {
    if (key !== 'signature' && key !== 'hmac') message += `${key}=${(params.get(key) ?? []).join(',')}`;
  }
  return message;
}

const MISMATCH_HINT =
  'The signature covers every parameter with its decoded value and the app client secret; a proxy route ' +
  'that rewrites the query, or a parser that collapses repeated parameters, breaks it.';

/** Verifies an app proxy request (the query Shopify forwards to your proxy URL). */
export function verifyAppProxy(options: QueryOptions): AppProxyVerification {
  const params = parseQuery(options.query);
  if (params === undefined) return { valid: false, reason: 'bad-query' };
  if (!secretsUsable(options.secrets)) return { valid: false, reason: 'no-usable-secret' };
  for (const key of MUST_NOT_REPEAT) {
    if ((params.get(key)?.length ?? 0) > 1)
      return { valid: false, reason: 'repeated-parameter', parameter: key };
  }
  const one = (key: string): string | undefined => params.get(key)?.[0];
  const signature = one('signature');
  if (signature === undefined) return { valid: false, reason: 'missing-signature', parameter: 'signature' };
  const mac = decodeHexDigest(signature);
  if (mac === undefined) return { valid: false, reason: 'malformed-signature', parameter: 'signature' };
  const timestamp = one('timestamp');
  if (timestamp === undefined) return { valid: false, reason: 'missing-timestamp', parameter: 'timestamp' };

  const secretIndex = matchingSecret(options.secrets, appProxyMessage(params), mac);
  if (secretIndex < 0) {
    return { valid: false, reason: 'signature-mismatch', parameter: 'signature', hint: MISMATCH_HINT };
  }
  const now = options.now ?? Date.now;
  const fresh = checkTimestamp(timestamp, now, options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS);
  if (fresh !== 'ok') {
    const reason = fresh === 'malformed' ? 'malformed-timestamp' : 'stale-timestamp';
    return { valid: false, reason, parameter: 'timestamp' };
  }
  const shop = one('shop');
  if (shop === undefined) return { valid: false, reason: 'missing-shop', parameter: 'shop' };
  if (options.checkShopDomain !== false && !isShopDomain(shop)) {
    return { valid: false, reason: 'invalid-shop', parameter: 'shop' };
  }
  params.delete('signature');
  params.delete('hmac');
  const customer = one('logged_in_customer_id');
  return {
    valid: true,
    shop,
    loggedInCustomerId: customer === '' ? undefined : customer,
    pathPrefix: one('path_prefix'),
    secretIndex,
    params,
  };
}

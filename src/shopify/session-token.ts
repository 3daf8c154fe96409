// App Bridge session tokens: an HS256 JWT signed with the client secret, one minute long, `aud` = client id,
// the shop named by `dest`. Only HS256 is accepted; anything else is refused with a reason, never thrown.
import { isShopDomain } from './shop-domain.js';
import { matchingSecret, secretsUsable, type Clock, type Secrets } from './crypto.js';

export type SessionTokenClaims = {
  /** The shop's admin URL, e.g. `https://x.myshopify.com/admin`. */
  iss: string;
  /** The shop's URL, e.g. `https://x.myshopify.com`. */
  dest: string;
  aud: string;
  exp: number;
  nbf: number;
  iat?: number;
  /** The Shopify user id (online tokens). */
  sub?: string;
  jti?: string;
  sid?: string;
};

export type SessionTokenRejection =
  | 'no-usable-secret'
  | 'malformed-token'
  | 'malformed-header'
  | 'unsupported-algorithm'
  | 'malformed-signature'
  | 'signature-mismatch'
  | 'malformed-payload'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience'
  | 'invalid-destination'
  | 'issuer-mismatch';

export type SessionTokenVerification =
  | { valid: true; shop: string; secretIndex: number; claims: SessionTokenClaims }
  | { valid: false; reason: SessionTokenRejection; hint?: string };

export type SessionTokenOptions = {
  /** The compact JWT, without `Bearer ` (see `bearerToken`). */
  token: string;
  secrets: Secrets;
  /** The app's client id (API key): the token's `aud` must equal it. */
  clientId: string;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: Clock;
  /** Clock tolerance for `exp` and `nbf`, in seconds; default 10, as Shopify's library. */
  leewaySeconds?: number;
  /** Require `dest` to be `https://<name>.myshopify.com` (default true). */
  checkShopDomain?: boolean;
};

/** Tokens are a few hundred bytes; the cap bounds the work an attacker can ask for. */
const MAX_TOKEN_LENGTH = 8192;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** Canonical unpadded base64url of 32 bytes: the last character's two spare bits are zero. */
const HS256_SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** Strict base64url JSON object, or undefined. Non-canonical encodings are refused, not repaired. */
function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  if (!SEGMENT.test(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The token from an `Authorization: Bearer <jwt>` header, or undefined. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  const match = typeof authorization === 'string' ? /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization) : null;
  return match?.[1];
}

function httpsHost(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '')
    return undefined;
  return url.hostname;
}

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

export function verifySessionToken(options: SessionTokenOptions): SessionTokenVerification {
  const { token, secrets } = options;
  if (!secretsUsable(secrets)) return { valid: false, reason: 'no-usable-secret' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
    return { valid: false, reason: 'malformed-token' };
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false, reason: 'malformed-token' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  // The algorithm is pinned, not read from the token: the header only has to agree with it.
  const header = decodeJsonSegment(headerPart);
  if (header === undefined) return { valid: false, reason: 'malformed-header' };
  if (header.alg !== 'HS256' || 'crit' in header || (header.typ !== undefined && header.typ !== 'JWT')) {
    return {
      valid: false,
      reason: 'unsupported-algorithm',
      hint: 'Shopify session tokens are HS256; `none`, RS256 and others are refused.',
    };
  }
  if (!HS256_SIGNATURE.test(signaturePart)) return { valid: false, reason: 'malformed-signature' };
  const mac = Buffer.from(signaturePart, 'base64url');
  const secretIndex = matchingSecret(secrets, `${headerPart}.${payloadPart}`, mac);
  if (secretIndex < 0) return { valid: false, reason: 'signature-mismatch' };

  const p = decodeJsonSegment(payloadPart);
  if (
    p === undefined ||
    typeof p.iss !== 'string' ||
    typeof p.dest !== 'string' ||
    typeof p.aud !== 'string' ||
    !Number.isFinite(p.exp) ||
    !Number.isFinite(p.nbf) ||
    !(p.iat === undefined || Number.isFinite(p.iat)) ||
    !optionalString(p.sub) ||
    !optionalString(p.jti) ||
    !optionalString(p.sid)
  ) {
    return { valid: false, reason: 'malformed-payload' };
  }
  const claims = p as SessionTokenClaims;
  const leeway = options.leewaySeconds ?? 10;
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  // Written so that a NaN clock or leeway fails: every comparison with NaN is false.
  if (!(nowSeconds < claims.exp + leeway)) return { valid: false, reason: 'expired' };
  if (!(nowSeconds >= claims.nbf - leeway)) return { valid: false, reason: 'not-yet-valid' };
  if (claims.aud !== options.clientId) {
    return { valid: false, reason: 'wrong-audience', hint: 'The token was issued for another app (`aud`).' };
  }
  const shop = httpsHost(claims.dest);
  if (shop === undefined || (options.checkShopDomain !== false && !isShopDomain(shop))) {
    return { valid: false, reason: 'invalid-destination' };
  }
  if (httpsHost(claims.iss) !== shop) return { valid: false, reason: 'issuer-mismatch' };
  return { valid: true, shop, secretIndex, claims };
}

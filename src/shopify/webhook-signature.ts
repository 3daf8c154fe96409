// Webhook signatures: HMAC-SHA256 of the raw body bytes, base64 in `X-Shopify-Hmac-Sha256`.
// Returns a verdict with a reason and a likely cause; it never throws and never falls back to accepting.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretsUsable, type Secrets } from './crypto.js';

/**
 * The canonical base64 of a 32-byte digest: 43 characters and one `=`. The 43rd character carries two
 * unused bits that must be zero, so `…a7h=` cannot stand in for `…a7g=`. Node's own base64 decoder is
 * lenient (it ignores trailing junk and missing padding), so the header is never decoded: it is compared
 * with the canonical encoding of the computed MAC, which only the exact canonical string can equal.
 */
const WEBHOOK_HMAC = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const HEADER_LENGTH = 44;

export type WebhookRejection =
  | 'missing-signature'
  | 'duplicate-signature'
  | 'malformed-signature'
  | 'body-not-bytes'
  | 'empty-body'
  | 'no-usable-secret'
  | 'signature-mismatch';

export type WebhookVerification =
  { valid: true; secretIndex: number } | { valid: false; reason: WebhookRejection; hint?: string };

export type WebhookInput = {
  /** The request body exactly as received: never a parsed, re-serialised or decoded body. */
  rawBody: Uint8Array;
  /** The `X-Shopify-Hmac-Sha256` header; an array when the header arrived more than once. */
  hmacHeader: string | readonly string[] | undefined;
  secrets: Secrets;
};

export const HINTS = {
  mismatch:
    "No configured secret matches. If the app's own subscriptions verify and this one does not, the " +
    'subscription was probably created in the Shopify admin (Settings > Notifications > Webhooks) or sent with ' +
    '"Send test notification": those are signed with the store\'s admin notifications key, not the app\'s client ' +
    'secret, so add that key to `secrets`. During a client-secret rotation keep the previous secret for an hour. ' +
    'Otherwise the body changed before verification (a JSON parser, a charset conversion or a proxy) or the ' +
    'request is forged. Rejected either way.',
  emptyBody:
    'The raw body is empty. Shopify never sends an empty webhook: a body parser probably consumed the request ' +
    'stream first. Mount the webhook route before any body parser.',
  notBytes:
    'rawBody must be the received bytes (Buffer or Uint8Array). A string or a parsed object has lost the exact ' +
    'bytes Shopify signed.',
  malformed:
    'The header is not the 44-character base64 of a 32-byte digest (a hex digest, missing padding or trailing ' +
    'characters). Shopify always sends canonical base64, so something rewrote or forged it.',
  secrets: 'Configure at least one non-empty secret.',
} as const;

/**
 * Verifies a webhook delivery. `secretIndex` says which secret matched (for example the admin key or the
 * previous secret of a rotation). A valid signature authenticates the body only: every header, topic and
 * shop domain included, is unauthenticated metadata.
 */
export function verifyWebhook(input: WebhookInput): WebhookVerification {
  const { rawBody, hmacHeader, secrets } = input;
  if (!secretsUsable(secrets)) return { valid: false, reason: 'no-usable-secret', hint: HINTS.secrets };
  let header: unknown = hmacHeader;
  if (Array.isArray(header)) {
    if (header.length > 1) return { valid: false, reason: 'duplicate-signature' };
    header = header[0];
  }
  if (header === undefined || header === '') return { valid: false, reason: 'missing-signature' };
  const malformed = { valid: false, reason: 'malformed-signature', hint: HINTS.malformed } as const;
  if (typeof header !== 'string' || header.length !== HEADER_LENGTH) return malformed;
  // As UTF-8 bytes, so a character outside ASCII cannot pass for one of the base64 alphabet.
  const received = Buffer.from(header, 'utf8');
  if (received.length !== HEADER_LENGTH) return malformed;
  if (!(rawBody instanceof Uint8Array))
    return { valid: false, reason: 'body-not-bytes', hint: HINTS.notBytes };
  if (rawBody.length === 0) return { valid: false, reason: 'empty-body', hint: HINTS.emptyBody };

  for (let i = 0; i < secrets.length; i++) {
    const mac = createHmac('sha256', secrets[i] as string)
      .update(rawBody)
      .digest('base64');
    // Both sides are 44 bytes (checked above), so timingSafeEqual compares in constant time and cannot throw.
    if (timingSafeEqual(Buffer.from(mac, 'utf8'), received)) return { valid: true, secretIndex: i };
  }
  // Only now tell a malformed header from a wrong one: the verdict is the same, the hint differs.
  if (!WEBHOOK_HMAC.test(header)) return malformed;
  return { valid: false, reason: 'signature-mismatch', hint: HINTS.mismatch };
}

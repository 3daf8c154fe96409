// Every vector in the shared corpus (../shared/corpus/shopify/vectors.json): the ground truth for signatures.
// Expected values come from the vectors, cross-checked here with node:crypto, never from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus } from '../../test/helpers/paths.js';
import { verifyAppProxy, verifyOAuthQuery, verifySessionToken, verifyWebhook } from './index.js';

type Vector = {
  id: string;
  kind: 'webhook' | 'oauth' | 'app_proxy' | 'session_token';
  secret: string;
  body?: string;
  bodyHex?: string;
  params?: Record<string, string | string[]>;
  query?: string;
  message?: string;
  header?: string;
  payload?: string;
  expected: string;
  hmacOfMessage: string;
  expectValid: boolean;
  clock?: number;
  audience?: string;
};

const file = join(corpus, 'shopify/vectors.json');
if (!existsSync(file)) {
  throw new Error(
    `Shopify vectors missing: ${file}. The shared corpus must sit beside the repository (../shared).`,
  );
}
const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] }).vectors;

const mac = (secret: string, message: Uint8Array | string, encoding: 'base64' | 'hex' | 'base64url') =>
  createHmac('sha256', secret).update(message).digest(encoding);
const clockOf = (v: Vector) => () => (v.clock as number) * 1000;
/** The vectors O3 and P4 use the placeholder shop "the shop URL", which is not a shop domain. */
const realShop = (v: Vector) =>
  typeof v.params?.shop === 'string' && v.params.shop.endsWith('.myshopify.com');

function queryOf(params: Record<string, string | string[]>, signatureKey: string, signature: string): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const one of [value].flat()) q.append(key, one);
  q.append(signatureKey, signature);
  return q.toString();
}

test('the corpus holds the 16 vectors its README describes', () => {
  assert.equal(vectors.length, 16);
  const count = (kind: Vector['kind']) => vectors.filter((v) => v.kind === kind).length;
  assert.deepEqual(
    [count('webhook'), count('oauth'), count('app_proxy'), count('session_token')],
    [7, 4, 4, 1],
  );
});

for (const v of vectors.filter((x) => x.kind === 'webhook')) {
  test(`webhook vector ${v.id}: ${v.expectValid ? 'valid' : 'invalid'}`, () => {
    const rawBody = Buffer.from(v.bodyHex as string, 'hex');
    assert.deepEqual(rawBody, Buffer.from(v.body as string, 'utf8'), 'body and bodyHex agree');
    assert.equal(mac(v.secret, rawBody, 'base64'), v.hmacOfMessage, 'node:crypto reproduces hmacOfMessage');
    const result = verifyWebhook({ rawBody, hmacHeader: v.expected, secrets: [v.secret] });
    assert.equal(result.valid, v.expectValid, JSON.stringify(result));
  });
}

for (const v of vectors.filter((x) => x.kind === 'oauth' || x.kind === 'app_proxy')) {
  const oauth = v.kind === 'oauth';
  const verify = oauth ? verifyOAuthQuery : verifyAppProxy;
  const signatureKey = oauth ? 'hmac' : 'signature';
  test(`${v.kind} vector ${v.id}: ${v.expectValid ? 'valid' : 'invalid'}`, () => {
    assert.equal(
      mac(v.secret, v.message as string, 'hex'),
      v.hmacOfMessage,
      'node:crypto reproduces hmacOfMessage',
    );
    // A sender that signed `message` produced hmacOfMessage: the verifier accepts it exactly when the
    // vector's message is the right canonical form (O3b, the `+` form, is not).
    const query = queryOf(v.params as Record<string, string | string[]>, signatureKey, v.hmacOfMessage);
    const options = { secrets: [v.secret] as const, now: clockOf(v), checkShopDomain: realShop(v) };
    const result = verify({ query, ...options });
    assert.equal(result.valid, v.expectValid, JSON.stringify(result));
    if (v.expectValid) {
      assert.equal(v.hmacOfMessage, v.expected);
      if (v.query !== undefined) {
        const raw = verify({ query: v.query, ...options });
        assert.equal(raw.valid, true, `the published raw query verifies: ${JSON.stringify(raw)}`);
      }
      if (!realShop(v)) {
        const strict = verify({ query, secrets: [v.secret], now: clockOf(v) });
        assert.deepEqual(
          strict.valid ? 'valid' : strict.reason,
          'invalid-shop',
          'a placeholder shop fails by default',
        );
      }
    } else {
      const signedAsExpected = verify({
        query: queryOf(v.params as never, signatureKey, v.expected),
        ...options,
      });
      assert.equal(
        signedAsExpected.valid,
        true,
        'the same parameters verify with the correctly canonicalised MAC',
      );
    }
  });
}

for (const v of vectors.filter((x) => x.kind === 'session_token')) {
  test(`session token vector ${v.id}`, () => {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
    assert.equal(`${b64(v.header as string)}.${b64(v.payload as string)}`, v.message);
    assert.equal(mac(v.secret, v.message as string, 'base64url'), v.hmacOfMessage);
    assert.equal(`${v.message}.${v.hmacOfMessage}`, v.expected);
    const result = verifySessionToken({
      token: v.expected,
      secrets: [v.secret],
      clientId: v.audience as string,
      now: clockOf(v),
    });
    assert.equal(result.valid, v.expectValid, JSON.stringify(result));
    assert.ok(result.valid);
    assert.equal(result.shop, new URL((JSON.parse(v.payload as string) as { dest: string }).dest).hostname);
    assert.equal(result.claims.aud, v.audience);
  });
}

// verifySessionToken: HS256 pinned, exp/nbf with leeway, audience, shop from dest; tokens are built here
// with node:crypto so the expected signatures never come from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { bearerToken, verifySessionToken, type SessionTokenOptions } from './index.js';

const SECRET = 'hush';
const CLIENT_ID = 'api_key_123';
const NOW = 1_700_000_030;
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hs256 = (input: string, secret = SECRET) =>
  createHmac('sha256', secret).update(input).digest('base64url');

const CLAIMS = {
  iss: 'https://shop-name.myshopify.com/admin',
  dest: 'https://shop-name.myshopify.com',
  aud: CLIENT_ID,
  sub: '42',
  exp: 1_700_000_060,
  nbf: 1_700_000_000,
  iat: 1_700_000_000,
  jti: '00000000-0000-4000-8000-000000000000',
  sid: 'abc123',
};

function token(
  payload: unknown = CLAIMS,
  header: unknown = { alg: 'HS256', typ: 'JWT' },
  secret = SECRET,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${hs256(input, secret)}`;
}

const verify = (t: string, options: Partial<SessionTokenOptions> = {}) =>
  verifySessionToken({ token: t, secrets: [SECRET], clientId: CLIENT_ID, now: () => NOW * 1000, ...options });
const reasonOf = (t: string, options: Partial<SessionTokenOptions> = {}) => {
  const r = verify(t, options);
  return r.valid ? 'valid' : r.reason;
};

test('a valid token names the shop from dest and returns the claims', () => {
  const r = verify(token());
  assert.ok(r.valid, JSON.stringify(r));
  assert.equal(r.shop, 'shop-name.myshopify.com');
  assert.equal(r.claims.sub, '42');
  assert.equal(r.secretIndex, 0);
  const rotated = verifySessionToken({
    token: token(),
    secrets: ['new', SECRET],
    clientId: CLIENT_ID,
    now: () => NOW * 1000,
  });
  assert.ok(rotated.valid);
  assert.equal(rotated.secretIndex, 1);
});

test('alg is pinned to HS256: none, RS256, HS512 and look-alikes are refused', () => {
  const input = (header: unknown) => `${b64(header)}.${b64(CLAIMS)}`;
  assert.equal(reasonOf(`${input({ alg: 'none', typ: 'JWT' })}.`), 'unsupported-algorithm');
  assert.equal(
    reasonOf(`${input({ alg: 'none' })}.${hs256(input({ alg: 'none' }))}`),
    'unsupported-algorithm',
  );
  for (const alg of ['None', 'NONE', 'HS512', 'hs256', 'HS256 ', 'ES256', '', null, ['HS256']]) {
    assert.equal(reasonOf(token(CLAIMS, { alg, typ: 'JWT' })), 'unsupported-algorithm', String(alg));
  }
  assert.equal(reasonOf(token(CLAIMS, { typ: 'JWT' })), 'unsupported-algorithm', 'alg missing');
  assert.equal(reasonOf(token(CLAIMS, { alg: 'HS256', typ: 'JWE' })), 'unsupported-algorithm');
  assert.equal(reasonOf(token(CLAIMS, { alg: 'HS256', crit: ['exp'] })), 'unsupported-algorithm');
  assert.equal(reasonOf(token(CLAIMS, { alg: 'HS256' })), 'valid', 'typ is optional');

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rs = input({ alg: 'RS256', typ: 'JWT' });
  const rsToken = `${rs}.${rsaSign('sha256', Buffer.from(rs), privateKey).toString('base64url')}`;
  assert.equal(reasonOf(rsToken), 'unsupported-algorithm');
  // RS256 header with an HMAC made with the secret: the algorithm-confusion attack.
  assert.equal(reasonOf(`${rs}.${hs256(rs)}`), 'unsupported-algorithm');
});

test('malformed tokens are refused with a reason', () => {
  const good = token();
  const [h, p, s] = good.split('.') as [string, string, string];
  const cases: [string, unknown][] = [
    ['malformed-token', ''],
    ['malformed-token', `${h}.${p}`],
    ['malformed-token', `${good}.x`],
    ['malformed-token', 42],
    ['malformed-token', undefined],
    ['malformed-token', `${h}.${p}.${'A'.repeat(9000)}`],
    ['malformed-header', `.${p}.${s}`],
    ['malformed-header', `${b64('not json')}.${p}.${s}`],
    ['malformed-header', `${b64('["HS256"]')}.${p}.${s}`],
    ['malformed-header', `${b64('null')}.${p}.${s}`],
    ['malformed-header', `${h}=.${p}.${s}`],
    ['malformed-header', `${Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64')}x+/.${p}.${s}`],
    ['malformed-signature', `${h}.${p}.`],
    ['malformed-signature', `${h}.${p}.${s}=`],
    ['malformed-signature', `${h}.${p}.${s.slice(1)}`],
    ['malformed-signature', `${h}.${p}.${Buffer.from(s, 'base64url').toString('base64')}`],
    [
      'malformed-signature',
      `${h}.${p}.${createHmac('sha512', SECRET).update(`${h}.${p}`).digest('base64url')}`,
    ],
    ['signature-mismatch', token(CLAIMS, undefined, 'other-secret')],
    ['signature-mismatch', `${h}.${b64({ ...CLAIMS, sub: '1' })}.${s}`],
  ];
  for (const [reason, t] of cases) assert.equal(reasonOf(t as string), reason, String(t).slice(0, 80));

  // The last signature character has two spare bits; a sibling decodes to the same bytes and is refused.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const sibling = `${s.slice(0, 42)}${alphabet[alphabet.indexOf(s[42] as string) + 1] as string}`;
  assert.deepEqual(Buffer.from(sibling, 'base64url'), Buffer.from(s, 'base64url'));
  assert.equal(reasonOf(`${h}.${p}.${sibling}`), 'malformed-signature');
});

test('exp and nbf with the leeway (10 s by default)', () => {
  const at = (seconds: number, options: Partial<SessionTokenOptions> = {}) =>
    reasonOf(token(), { now: () => seconds * 1000, ...options });
  assert.equal(at(CLAIMS.exp + 9), 'valid');
  assert.equal(at(CLAIMS.exp + 10), 'expired');
  assert.equal(at(CLAIMS.exp, { leewaySeconds: 0 }), 'expired');
  assert.equal(at(CLAIMS.exp - 1, { leewaySeconds: 0 }), 'valid');
  assert.equal(at(CLAIMS.nbf - 10), 'valid');
  assert.equal(at(CLAIMS.nbf - 11), 'not-yet-valid');
  assert.equal(at(NaN), 'expired', 'a broken clock fails closed');
  assert.equal(at(NOW, { leewaySeconds: NaN }), 'expired');
});

test('claims: types, audience, destination and issuer', () => {
  const withClaims = (changes: Record<string, unknown>) => reasonOf(token({ ...CLAIMS, ...changes }));
  for (const changes of [
    { exp: undefined },
    { exp: '1700000060' },
    { nbf: null },
    { aud: [CLIENT_ID] },
    { dest: 1 },
    { sub: 42 },
    { iat: 'x' },
  ]) {
    assert.equal(withClaims(changes), 'malformed-payload', JSON.stringify(changes));
  }
  assert.equal(reasonOf(token('[1,2]')), 'malformed-payload');
  assert.equal(withClaims({ aud: 'another_app' }), 'wrong-audience');
  assert.equal(withClaims({ dest: 'http://shop-name.myshopify.com' }), 'invalid-destination');
  assert.equal(withClaims({ dest: 'https://evil.example' }), 'invalid-destination');
  assert.equal(withClaims({ dest: 'https://shop-name.myshopify.com:8443' }), 'invalid-destination');
  assert.equal(withClaims({ dest: 'https://user@shop-name.myshopify.com' }), 'invalid-destination');
  assert.equal(withClaims({ dest: 'shop-name.myshopify.com' }), 'invalid-destination');
  assert.equal(withClaims({ iss: 'https://other-shop.myshopify.com/admin' }), 'issuer-mismatch');
  assert.equal(
    withClaims({ dest: 'https://evil.example', iss: 'https://evil.example/admin' }),
    'invalid-destination',
  );
  assert.equal(
    reasonOf(token({ ...CLAIMS, dest: 'https://dev.example', iss: 'https://dev.example/admin' }), {
      checkShopDomain: false,
    }),
    'valid',
  );
});

test('bearerToken reads only a well-formed Authorization header', () => {
  assert.equal(bearerToken('Bearer a.b.c'), 'a.b.c');
  for (const h of [
    'bearer a.b.c',
    'Bearer  a.b.c',
    'Bearer a.b.c ',
    'Basic abc',
    'Bearer ',
    '',
    undefined,
    null,
  ]) {
    assert.equal(bearerToken(h), undefined, String(h));
  }
});

// verifyOAuthQuery and verifyAppProxy: canonical forms, repeated and hostile parameters, the timestamp
// window with an injected clock, and seeded property tests against node:crypto with a canonicaliser
// written here from the documented rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyAppProxy, verifyOAuthQuery, type QueryOptions } from './index.js';

const SECRET = 'hush';
const NOW = 1_700_000_000;
const clock = () => NOW * 1000;
const hex = (message: string, secret = SECRET) =>
  createHmac('sha256', secret).update(message, 'utf8').digest('hex');

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** application/x-www-form-urlencoded byte encoding with spaces as %20: the documented OAuth rule. */
function formEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9*\-._]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const reasonOf = (r: { valid: boolean; reason?: string }) => (r.valid ? 'valid' : r.reason);

// ---------------------------------------------------------------- OAuth

const OAUTH_PARAMS: [string, string][] = [
  ['code', '0907a61c0c8d55e99db179b68161bc00'],
  ['host', 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvZXhhbXBsZS1zaG9w'],
  ['shop', 'example-shop.myshopify.com'],
  ['state', '3f2a9c'],
  ['timestamp', String(NOW)],
];
const OAUTH_MESSAGE =
  'code=0907a61c0c8d55e99db179b68161bc00&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvZXhhbXBsZS1zaG9w' +
  `&shop=example-shop.myshopify.com&state=3f2a9c&timestamp=${NOW}`;
const OAUTH_HMAC = hex(OAUTH_MESSAGE);
const oauthQuery = (extra = '') =>
  `${OAUTH_PARAMS.map(([k, v]) => `${k}=${v}`).join('&')}&hmac=${OAUTH_HMAC}${extra}`;
const oauth = (query: QueryOptions['query'], options: Partial<QueryOptions> = {}) =>
  verifyOAuthQuery({ query, secrets: [SECRET], now: clock, ...options });

test('OAuth: every parameter is signed, including host (no whitelist)', () => {
  const r = oauth(oauthQuery());
  assert.ok(r.valid, JSON.stringify(r));
  assert.equal(r.shop, 'example-shop.myshopify.com');
  assert.equal(r.params.get('host'), OAUTH_PARAMS[1]?.[1]);
  assert.equal(r.params.has('hmac'), false);
  // A verifier that ignored unknown parameters would accept one added by an attacker.
  assert.equal(reasonOf(oauth(`${oauthQuery()}&admin=1`)), 'signature-mismatch');
  // Dropping host (the old whitelist) changes the message.
  const withoutHost = OAUTH_MESSAGE.replace(/&host=[^&]*/, '');
  assert.equal(reasonOf(oauth(oauthQuery().replace(OAUTH_HMAC, hex(withoutHost)))), 'signature-mismatch');
});

test('OAuth: accepted query forms: string, ?string, request target, URL, URLSearchParams', () => {
  const q = oauthQuery();
  for (const query of [
    q,
    `?${q}`,
    `/auth/callback?${q}`,
    new URL(`https://app.example/cb?${q}`),
    new URLSearchParams(q),
  ]) {
    assert.equal(reasonOf(oauth(query)), 'valid', String(query));
  }
  assert.equal(reasonOf(oauth(`https://app.example/cb?${q}#fragment`)), 'valid', 'a fragment is not query');
  assert.equal(reasonOf(oauth('/auth/callback')), 'missing-signature');
  assert.equal(reasonOf(oauth('http://[::1')), 'bad-query');
  assert.equal(reasonOf(oauth(42 as never)), 'bad-query');
});

test('OAuth: spaces are signed as %20 whether the query carried + or %20', () => {
  const message = `code=a%20b&shop=example-shop.myshopify.com&timestamp=${NOW}`;
  for (const code of ['a+b', 'a%20b']) {
    const query = `code=${code}&shop=example-shop.myshopify.com&timestamp=${NOW}&hmac=${hex(message)}`;
    assert.equal(reasonOf(oauth(query)), 'valid', code);
  }
  const plusForm = `code=a+b&shop=example-shop.myshopify.com&timestamp=${NOW}`;
  assert.equal(
    reasonOf(oauth(`code=a+b&shop=example-shop.myshopify.com&timestamp=${NOW}&hmac=${hex(plusForm)}`)),
    'signature-mismatch',
  );
  // A literal plus is %2B, never a space.
  const literal = `code=a%2Bb&shop=example-shop.myshopify.com&timestamp=${NOW}`;
  assert.equal(reasonOf(oauth(`${literal}&hmac=${hex(literal)}`)), 'valid');
});

test('OAuth: hmac format and repeats', () => {
  const base = OAUTH_PARAMS.map(([k, v]) => `${k}=${v}`).join('&');
  assert.equal(reasonOf(oauth(base)), 'missing-signature');
  assert.equal(reasonOf(oauth(`${base}&hmac=`)), 'malformed-signature');
  assert.equal(reasonOf(oauth(`${base}&hmac=${OAUTH_HMAC.toUpperCase()}`)), 'malformed-signature');
  assert.equal(reasonOf(oauth(`${base}&hmac=${OAUTH_HMAC.slice(1)}`)), 'malformed-signature');
  assert.equal(reasonOf(oauth(`${base}&hmac=${OAUTH_HMAC}00`)), 'malformed-signature');
  assert.equal(
    reasonOf(oauth(`${base}&hmac=${Buffer.from(OAUTH_HMAC, 'hex').toString('base64')}`)),
    'malformed-signature',
  );
  assert.equal(reasonOf(oauth(`${base}&hmac=${'g'.repeat(64)}`)), 'malformed-signature');
  for (const key of ['hmac', 'shop', 'timestamp', 'code', 'state']) {
    const value = key === 'hmac' ? OAUTH_HMAC : (OAUTH_PARAMS.find(([k]) => k === key)?.[1] ?? '');
    const r = oauth(`${oauthQuery()}&${key}=${value}`);
    assert.ok(!r.valid);
    assert.equal(r.reason, 'repeated-parameter', key);
    assert.equal(r.parameter, key);
  }
  // `signature` is not part of the OAuth message (as in Shopify's library).
  assert.equal(reasonOf(oauth(`${oauthQuery()}&signature=x`)), 'valid');
});

test('OAuth: timestamp window with an injected clock', () => {
  const at = (ts: string, now = clock) => {
    const params = OAUTH_PARAMS.map(([k, v]): [string, string] => [k, k === 'timestamp' ? ts : v]);
    const message = params.map(([k, v]) => `${k}=${formEncode(v)}`).join('&');
    return reasonOf(oauth(`${new URLSearchParams(params).toString()}&hmac=${hex(message)}`, { now }));
  };
  assert.equal(at(String(NOW)), 'valid');
  assert.equal(at(String(NOW - 90)), 'valid');
  assert.equal(at(String(NOW + 90)), 'valid');
  assert.equal(at(String(NOW - 91)), 'stale-timestamp');
  assert.equal(at(String(NOW + 91)), 'stale-timestamp');
  assert.equal(
    at(String(NOW - 1000), () => (NOW - 1000) * 1000),
    'valid',
    'the clock is injectable',
  );
  for (const ts of [
    'NaN',
    'Infinity',
    '-1',
    '1e9',
    `${NOW}.0`,
    ` ${NOW}`,
    '0x6553f100',
    '',
    '9'.repeat(20),
  ]) {
    assert.equal(at(ts), 'malformed-timestamp', ts);
  }
  assert.equal(
    at(String(NOW), () => NaN),
    'stale-timestamp',
    'a broken clock fails closed',
  );
  const noTs = OAUTH_PARAMS.filter(([k]) => k !== 'timestamp');
  const m = noTs.map(([k, v]) => `${k}=${v}`).join('&');
  assert.equal(reasonOf(oauth(`${m}&hmac=${hex(m)}`)), 'missing-timestamp');
});

test('OAuth: the shop must be a myshopify.com domain', () => {
  for (const shop of [
    'evil.example',
    'x.myshopify.com.evil.example',
    'https://x.myshopify.com',
    'x.myshopify.com/',
    '',
  ]) {
    const params: [string, string][] = [
      ['shop', shop],
      ['timestamp', String(NOW)],
    ];
    const message = params.map(([k, v]) => `${k}=${formEncode(v)}`).join('&');
    const query = `${new URLSearchParams(params).toString()}&hmac=${hex(message)}`;
    assert.equal(reasonOf(oauth(query)), 'invalid-shop', shop);
    assert.equal(reasonOf(oauth(query, { checkShopDomain: false })), 'valid', shop);
  }
  const m = `timestamp=${NOW}`;
  assert.equal(reasonOf(oauth(`${m}&hmac=${hex(m)}`)), 'missing-shop');
});

test('OAuth: the previous secret verifies during a rotation; unusable secrets are refused', () => {
  const r = verifyOAuthQuery({ query: oauthQuery(), secrets: ['new-secret', SECRET], now: clock });
  assert.ok(r.valid);
  assert.equal(r.secretIndex, 1);
  assert.equal(
    reasonOf(verifyOAuthQuery({ query: oauthQuery(), secrets: [] as never, now: clock })),
    'no-usable-secret',
  );
  assert.equal(
    reasonOf(verifyOAuthQuery({ query: oauthQuery(), secrets: [''], now: clock })),
    'no-usable-secret',
  );
});

// ---------------------------------------------------------------- App proxy

const proxy = (query: QueryOptions['query'], options: Partial<QueryOptions> = {}) =>
  verifyAppProxy({ query, secrets: [SECRET], now: clock, ...options });
const PROXY_BASE = `logged_in_customer_id=&path_prefix=%2Fapps%2Freviews&shop=example-shop.myshopify.com&timestamp=${NOW}`;
const PROXY_MESSAGE = `logged_in_customer_id=path_prefix=/apps/reviewsshop=example-shop.myshopify.comtimestamp=${NOW}`;

test('app proxy: decoded values, no separator, empty values kept, repeats joined in order', () => {
  const r = proxy(`${PROXY_BASE}&signature=${hex(PROXY_MESSAGE)}`);
  assert.ok(r.valid, JSON.stringify(r));
  assert.equal(r.shop, 'example-shop.myshopify.com');
  assert.equal(r.loggedInCustomerId, undefined, 'empty means nobody is logged in');
  assert.equal(r.pathPrefix, '/apps/reviews');

  const withRepeats = `b=2&${PROXY_BASE}&a=x%20y&b=1&a=&b=3`;
  const message = `a=x y,b=2,1,3${PROXY_MESSAGE}`;
  const rr = proxy(`${withRepeats}&signature=${hex(message)}`);
  assert.ok(rr.valid, JSON.stringify(rr));
  assert.deepEqual(rr.params.get('b'), ['2', '1', '3']);
  assert.deepEqual(rr.params.get('a'), ['x y', '']);
  assert.equal(rr.params.has('signature'), false);

  // Known wrong canonical forms are refused.
  const dropEmpty = PROXY_MESSAGE.replace('logged_in_customer_id=', '');
  const ampersands = `logged_in_customer_id=&path_prefix=/apps/reviews&shop=example-shop.myshopify.com&timestamp=${NOW}`;
  const encoded = PROXY_MESSAGE.replace('/apps/reviews', '%2Fapps%2Freviews');
  const lastWins = `a=,b=3${PROXY_MESSAGE}`; // Object.fromEntries keeps the last value only
  for (const wrong of [dropEmpty, ampersands, encoded]) {
    assert.equal(reasonOf(proxy(`${PROXY_BASE}&signature=${hex(wrong)}`)), 'signature-mismatch', wrong);
  }
  assert.equal(reasonOf(proxy(`${withRepeats}&signature=${hex(lastWins)}`)), 'signature-mismatch');
});

test('app proxy: repeated shop, timestamp, signature, hmac or customer id are refused; app params may repeat', () => {
  const sig = hex(PROXY_MESSAGE);
  const cases: [string, string][] = [
    ['shop', `${PROXY_BASE}&shop=other-shop.myshopify.com&signature=${sig}`],
    ['shop', `shop=other-shop.myshopify.com&${PROXY_BASE}&signature=${sig}`],
    ['timestamp', `${PROXY_BASE}&timestamp=${NOW}&signature=${sig}`],
    ['signature', `${PROXY_BASE}&signature=${sig}&signature=${sig}`],
    ['hmac', `${PROXY_BASE}&hmac=1&hmac=2&signature=${sig}`],
    ['logged_in_customer_id', `${PROXY_BASE}&logged_in_customer_id=7&signature=${sig}`],
    ['path_prefix', `${PROXY_BASE}&path_prefix=%2Fx&signature=${sig}`],
  ];
  for (const [parameter, query] of cases) {
    const r = proxy(query);
    assert.ok(!r.valid);
    assert.deepEqual([r.reason, r.parameter], ['repeated-parameter', parameter], query);
  }
});

test('app proxy: timestamp, signature format and shop', () => {
  const signed = (params: string, message: string) => reasonOf(proxy(`${params}&signature=${hex(message)}`));
  for (const ts of ['NaN', 'Infinity', '1e9', '-1', `${NOW}.5`]) {
    assert.equal(
      signed(
        `shop=example-shop.myshopify.com&timestamp=${ts}`,
        `shop=example-shop.myshopify.comtimestamp=${ts}`,
      ),
      'malformed-timestamp',
      ts,
    );
  }
  assert.equal(
    signed(
      `shop=example-shop.myshopify.com&timestamp=${NOW - 91}`,
      `shop=example-shop.myshopify.comtimestamp=${NOW - 91}`,
    ),
    'stale-timestamp',
  );
  assert.equal(
    signed(`shop=evil.example&timestamp=${NOW}`, `shop=evil.exampletimestamp=${NOW}`),
    'invalid-shop',
  );
  assert.equal(signed(`timestamp=${NOW}`, `timestamp=${NOW}`), 'missing-shop');
  assert.equal(reasonOf(proxy(PROXY_BASE)), 'missing-signature');
  assert.equal(
    reasonOf(proxy(`${PROXY_BASE}&signature=${hex(PROXY_MESSAGE).toUpperCase()}`)),
    'malformed-signature',
  );
  assert.equal(
    reasonOf(proxy(`shop=example-shop.myshopify.com&signature=${hex('shop=example-shop.myshopify.com')}`)),
    'missing-timestamp',
  );
});

test('query parameters named __proto__ or constructor are plain data', () => {
  const params = `__proto__=x&constructor=y&shop=example-shop.myshopify.com&timestamp=${NOW}`;
  const r = proxy(
    `${params}&signature=${hex(`__proto__=xconstructor=yshop=example-shop.myshopify.comtimestamp=${NOW}`)}`,
  );
  assert.ok(r.valid, JSON.stringify(r));
  assert.deepEqual(r.params.get('__proto__'), ['x']);
  const o = oauth(
    `${params}&hmac=${hex(`__proto__=x&constructor=y&shop=example-shop.myshopify.com&timestamp=${NOW}`)}`,
  );
  assert.ok(o.valid, JSON.stringify(o));
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('hostile queries never throw and never pass (seeded)', () => {
  const next = rng(77);
  const pieces = [
    'shop=',
    'timestamp=',
    'hmac=',
    'signature=',
    '&',
    '=',
    '%',
    '%ZZ',
    '%E2%82',
    '+',
    '?',
    '#',
    '\u0000',
    'é',
    '__proto__',
    OAUTH_HMAC,
  ];
  for (let i = 0; i < 3000; i++) {
    let q = '';
    const n = Math.floor(next() * 12);
    for (let j = 0; j < n; j++) q += pieces[Math.floor(next() * pieces.length)] as string;
    assert.equal(oauth(q).valid, false, q);
    assert.equal(proxy(q).valid, false, q);
  }
});

test('property: random parameters agree with node:crypto under the documented rules (seeded, 400 cases)', () => {
  const next = rng(4242);
  const alphabet = ['a', 'b', 'Z', '_', '-', '.', ' ', '+', '&', '=', '/', '%', 'é', '😀', '~', '*', ','];
  const word = (max: number) => {
    let s = '';
    const n = Math.floor(next() * max);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)] as string;
    return s;
  };
  for (let i = 0; i < 400; i++) {
    const secret = word(20) || 's';
    const entries: [string, string][] = [
      ['shop', 'example-shop.myshopify.com'],
      ['timestamp', String(NOW)],
    ];
    const used = new Set(['shop', 'timestamp', 'hmac', 'signature', 'logged_in_customer_id', 'path_prefix']);
    const count = Math.floor(next() * 6);
    for (let j = 0; j < count; j++) {
      const key = `k${word(4)}`;
      if (used.has(key)) continue;
      used.add(key);
      entries.push([key, word(10)]);
    }
    const sortedKeys = [...new Set(entries.map(([k]) => k))].sort();
    const query = new URLSearchParams(entries).toString();

    const oauthMessage = sortedKeys
      .map((k) => `${formEncode(k)}=${formEncode(entries.find(([x]) => x === k)?.[1] ?? '')}`)
      .join('&');
    const o = verifyOAuthQuery({
      query: `${query}&hmac=${hex(oauthMessage, secret)}`,
      secrets: [secret],
      now: clock,
    });
    assert.ok(o.valid, `${query} ${JSON.stringify(o)}`);

    // App proxy: add repeats of application parameters.
    const repeated = entries.filter(([k]) => k.startsWith('k')).map(([k]): [string, string] => [k, word(5)]);
    const all = [...entries, ...repeated];
    const proxyMessage = sortedKeys
      .map(
        (k) =>
          `${k}=${all
            .filter(([x]) => x === k)
            .map(([, v]) => v)
            .join(',')}`,
      )
      .join('');
    const p = verifyAppProxy({
      query: `${new URLSearchParams(all).toString()}&signature=${hex(proxyMessage, secret)}`,
      secrets: [secret],
      now: clock,
    });
    assert.ok(p.valid, `${proxyMessage} ${JSON.stringify(p)}`);
    const wrong = verifyAppProxy({
      query: `${new URLSearchParams(all).toString()}&signature=${hex(proxyMessage, `${secret}!`)}`,
      secrets: [secret],
      now: clock,
    });
    assert.equal(wrong.valid, false);
  }
});

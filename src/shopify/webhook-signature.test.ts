// verifyWebhook: SHOP-1 (raw bytes, not re-serialised JSON), SHOP-2 (admin-created subscriptions), strict
// header format, hostile input, and seeded property tests against node:crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyWebhook, type Secrets } from './index.js';

const sign = (secret: string, bytes: Uint8Array | string) =>
  createHmac('sha256', secret).update(bytes).digest('base64');

/** mulberry32: a small seeded generator, so every run draws the same cases. */
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
const randomBytes = (next: () => number, n: number) =>
  Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
/** A copy of `bytes` with one randomly chosen bit flipped. */
function flipBit(bytes: Uint8Array, next: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const at = Math.floor(next() * copy.length);
  copy.writeUInt8(copy.readUInt8(at) ^ (1 << Math.floor(next() * 8)), at);
  return copy;
}

// SHOP-1 input: escaped slashes, \u0026 and a non-ASCII name, exactly as Shopify's serialiser writes them.
const SHOP1_RAW = Buffer.from(
  '{"id":820982911946154500,"email":"jos\\u00e9@example.com","customer":{"first_name":"José"},' +
    '"order_status_url":"https:\\/\\/example-shop.myshopify.com\\/1\\/orders\\/abc\\/authenticate?key=x\\u0026y=1"}',
  'utf8',
);

test('SHOP-1: the MAC over the raw bytes is valid; over re-serialised or re-encoded bodies it is not', () => {
  const secret = 'shpss_00000000000000000000000000000000';
  const header = sign(secret, SHOP1_RAW);
  assert.deepEqual(verifyWebhook({ rawBody: SHOP1_RAW, hmacHeader: header, secrets: [secret] }), {
    valid: true,
    secretIndex: 0,
  });

  const reserialised = Buffer.from(JSON.stringify(JSON.parse(SHOP1_RAW.toString('utf8'))), 'utf8');
  assert.notDeepEqual(reserialised, SHOP1_RAW, 'parsing and stringifying changes the bytes');
  const latin1 = Buffer.from(SHOP1_RAW.toString('latin1'), 'utf8');
  const utf16 = Buffer.from(SHOP1_RAW.toString('utf8'), 'utf16le');
  for (const rawBody of [reserialised, latin1, utf16]) {
    const r = verifyWebhook({ rawBody, hmacHeader: header, secrets: [secret] });
    assert.equal(r.valid, false);
    assert.equal(!r.valid && r.reason, 'signature-mismatch');
  }
});

test('SHOP-2: admin-created webhooks are signed with the admin key; the app secret alone rejects them with a hint', () => {
  const appSecret = 'app-client-secret';
  const adminKey = 'f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff';
  const rawBody = Buffer.from('{"id":1,"note":"Send test notification"}');
  const header = sign(adminKey, rawBody);

  const appOnly = verifyWebhook({ rawBody, hmacHeader: header, secrets: [appSecret] });
  assert.equal(appOnly.valid, false);
  assert.ok(!appOnly.valid);
  assert.equal(appOnly.reason, 'signature-mismatch');
  assert.match(appOnly.hint ?? '', /subscription was probably created in the Shopify admin/);

  assert.deepEqual(verifyWebhook({ rawBody, hmacHeader: header, secrets: [adminKey] }), {
    valid: true,
    secretIndex: 0,
  });
  assert.deepEqual(verifyWebhook({ rawBody, hmacHeader: header, secrets: [appSecret, adminKey] }), {
    valid: true,
    secretIndex: 1,
  });
  // Rotation: the previous secret still verifies, and says so.
  const old = sign('previous-secret', rawBody);
  assert.deepEqual(verifyWebhook({ rawBody, hmacHeader: old, secrets: [appSecret, 'previous-secret'] }), {
    valid: true,
    secretIndex: 1,
  });
});

test('the secret is used as its own bytes, never hex-decoded', () => {
  const secret = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const rawBody = Buffer.from('{}');
  const hexKeyed = createHmac('sha256', Buffer.from(secret, 'hex')).update(rawBody).digest('base64');
  assert.equal(verifyWebhook({ rawBody, hmacHeader: hexKeyed, secrets: [secret] }).valid, false);
  assert.equal(verifyWebhook({ rawBody, hmacHeader: sign(secret, rawBody), secrets: [secret] }).valid, true);
});

const secret = 'hush';
const body = Buffer.from('{"foo": "bar"}');
const good = sign(secret, body);
const digest = Buffer.from(good, 'base64');

test('header format: only the canonical 44-character base64 of 32 bytes is accepted', () => {
  // Node's decoder is lenient: every one of these decodes to the right 32 bytes, and all must be refused.
  const lastDataChar = good[42] as string;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const sibling = alphabet[alphabet.indexOf(lastDataChar) + 1] as string;
  const lenient = [
    `${good}!!!`,
    good.slice(0, -1),
    `${good.slice(0, 42)}${sibling}=`,
    ` ${good}`,
    `${good}\n`,
    `${good.slice(0, 20)}\n${good.slice(20)}`,
    good.replaceAll('+', '-').replaceAll('/', '_'),
  ];
  for (const header of lenient) {
    if (header === good) continue;
    assert.deepEqual(
      Buffer.from(header, 'base64'),
      digest,
      `node decodes ${JSON.stringify(header)} leniently`,
    );
    const r = verifyWebhook({ rawBody: body, hmacHeader: header, secrets: [secret] });
    assert.deepEqual(r.valid ? 'valid' : r.reason, 'malformed-signature', JSON.stringify(header));
  }
  const wrong = [
    digest.toString('hex'),
    digest.subarray(0, 31).toString('base64'),
    Buffer.concat([digest, Buffer.from([0])]).toString('base64'),
    '%'.repeat(44),
    `${good.slice(0, 43)}A`,
    'é'.repeat(43) + '=',
  ];
  for (const header of wrong) {
    const r = verifyWebhook({ rawBody: body, hmacHeader: header, secrets: [secret] });
    assert.deepEqual(r.valid ? 'valid' : r.reason, 'malformed-signature', header);
  }
});

test('missing, empty and repeated headers', () => {
  const reason = (hmacHeader: string | readonly string[] | undefined) => {
    const r = verifyWebhook({ rawBody: body, hmacHeader, secrets: [secret] });
    return r.valid ? 'valid' : r.reason;
  };
  assert.equal(reason(undefined), 'missing-signature');
  assert.equal(reason(''), 'missing-signature');
  assert.equal(reason([]), 'missing-signature');
  assert.equal(reason([good]), 'valid');
  assert.equal(reason([good, good]), 'duplicate-signature');
  assert.equal(reason([good, 'x']), 'duplicate-signature');
  assert.equal(reason(`${good}, ${good}`), 'malformed-signature');
});

test('bodies: empty, not bytes, non-UTF-8, and views into a larger buffer', () => {
  const reason = (rawBody: unknown, header = good) => {
    const r = verifyWebhook({ rawBody: rawBody as Uint8Array, hmacHeader: header, secrets: [secret] });
    return r.valid ? 'valid' : r.reason;
  };
  assert.equal(reason(Buffer.alloc(0), sign(secret, Buffer.alloc(0))), 'empty-body');
  assert.equal(reason(new Uint8Array(0)), 'empty-body');
  assert.equal(
    reason('{"foo": "bar"}'),
    'body-not-bytes',
    'a string is refused even when its UTF-8 would match',
  );
  assert.equal(reason({ foo: 'bar' }), 'body-not-bytes');
  assert.equal(reason(null), 'body-not-bytes');
  assert.equal(reason(new Uint8Array(body)), 'valid', 'a plain Uint8Array works like a Buffer');

  const invalidUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x7d]);
  assert.equal(reason(invalidUtf8, sign(secret, invalidUtf8)), 'valid', 'bytes are hashed as they are');
  const replaced = Buffer.from(invalidUtf8.toString('utf8'), 'utf8');
  assert.equal(
    reason(replaced, sign(secret, invalidUtf8)),
    'signature-mismatch',
    'U+FFFD replacement breaks it',
  );

  const big = Buffer.concat([Buffer.from('prefix'), body, Buffer.from('suffix')]);
  const view = big.subarray(6, 6 + body.length);
  assert.equal(reason(view), 'valid', 'only the view is hashed, not the whole underlying buffer');
});

test('secrets: an empty list or an empty secret is refused, never treated as "no check"', () => {
  const emptyKeyed = sign('', body);
  for (const secrets of [[], [''], ['', 'x'], [undefined], 'hush', undefined] as unknown[]) {
    const r = verifyWebhook({ rawBody: body, hmacHeader: emptyKeyed, secrets: secrets as Secrets });
    assert.deepEqual(r.valid ? 'valid' : r.reason, 'no-usable-secret', JSON.stringify(secrets));
  }
});

test('hostile header values never throw and never pass (seeded)', () => {
  const next = rng(0xbad5eed);
  const junk: unknown[] = [
    42,
    {},
    [],
    [1, 2],
    null,
    true,
    Symbol('x'),
    'A'.repeat(10_000),
    '\u0000'.repeat(44),
  ];
  for (let i = 0; i < 2000; i++) junk.push(randomBytes(next, Math.floor(next() * 60)).toString('latin1'));
  for (let i = 0; i < 500; i++) {
    junk.push(flipBit(digest, next).toString('base64'));
  }
  for (const hmacHeader of junk) {
    const r = verifyWebhook({ rawBody: body, hmacHeader: hmacHeader as string, secrets: [secret] });
    assert.equal(r.valid, false);
  }
});

test('property: random secrets and bodies agree with node:crypto (seeded, 600 cases)', () => {
  const next = rng(20240611);
  for (let i = 0; i < 600; i++) {
    const secret = randomBytes(next, 1 + Math.floor(next() * 48)).toString('base64');
    const other = `${secret}x`;
    const rawBody = randomBytes(next, 1 + Math.floor(next() * 3000));
    const header = sign(secret, rawBody);
    assert.deepEqual(verifyWebhook({ rawBody, hmacHeader: header, secrets: [secret] }), {
      valid: true,
      secretIndex: 0,
    });
    assert.deepEqual(verifyWebhook({ rawBody, hmacHeader: header, secrets: [other, secret] }), {
      valid: true,
      secretIndex: 1,
    });
    assert.equal(verifyWebhook({ rawBody, hmacHeader: header, secrets: [other] }).valid, false);
    const flipped = flipBit(rawBody, next);
    assert.equal(verifyWebhook({ rawBody: flipped, hmacHeader: header, secrets: [secret] }).valid, false);
    const longer = Buffer.concat([rawBody, Buffer.from([Math.floor(next() * 256)])]);
    assert.equal(verifyWebhook({ rawBody: longer, hmacHeader: header, secrets: [secret] }).valid, false);
  }
});

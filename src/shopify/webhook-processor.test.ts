// The framework-neutral webhook endpoint: status codes, required headers, staleness, de-duplication,
// handler failures and the outcome hook, driven with in-memory requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  createWebhookProcessor,
  type BodyRead,
  type ReplayStore,
  type WebhookDelivery,
  type WebhookOptions,
  type WebhookOutcome,
} from './index.js';

const SECRET = 'app-secret';
const BODY = Buffer.from(
  '{"id":1,"url":"https:\\/\\/example-shop.myshopify.com\\/x","name":"José \\u0026 co"}',
);
const sign = (bytes: Uint8Array, secret = SECRET) =>
  createHmac('sha256', secret).update(bytes).digest('base64');
const NOW = Date.parse('2026-01-01T12:00:00Z');

function headersFor(body: Uint8Array, changes: Record<string, string | string[] | undefined> = {}) {
  const base: Record<string, string | string[] | undefined> = {
    'x-shopify-hmac-sha256': sign(body),
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'example-shop.myshopify.com',
    'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    'x-shopify-api-version': '2026-01',
    'x-shopify-triggered-at': '2026-01-01T11:59:58Z',
  };
  return { ...base, ...changes };
}

function request(
  body: Uint8Array | BodyRead,
  headers = headersFor(body instanceof Uint8Array ? body : BODY),
  method = 'POST',
) {
  return {
    method,
    header: (name: string) => headers[name],
    readBody: () => Promise.resolve(body instanceof Uint8Array ? ({ ok: true, body } as const) : body),
  };
}

function setup(options: Partial<WebhookOptions> = {}) {
  const deliveries: WebhookDelivery[] = [];
  const outcomes: WebhookOutcome[] = [];
  const processor = createWebhookProcessor({
    secrets: [SECRET],
    handler: (d) => {
      deliveries.push(d);
    },
    now: () => NOW,
    onOutcome: (o) => outcomes.push(o),
    ...options,
  });
  return { processor, deliveries, outcomes };
}

test('a valid delivery reaches the handler once with its metadata and exact bytes; a duplicate does not', async () => {
  const { processor, deliveries, outcomes } = setup();
  const first = await processor.handle(request(BODY));
  assert.equal(first.status, 200);
  assert.equal(deliveries.length, 1);
  const d = deliveries[0]!;
  assert.deepEqual(
    [d.topic, d.shop, d.webhookId, d.apiVersion, d.eventId, d.secretIndex],
    [
      'orders/create',
      'example-shop.myshopify.com',
      'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      '2026-01',
      undefined,
      0,
    ],
  );
  assert.deepEqual(Buffer.from(d.rawBody), BODY);
  assert.equal(d.text(), BODY.toString('utf8'));

  const again = await processor.handle(request(BODY));
  assert.deepEqual([again.status, again.body], [200, 'duplicate delivery']);
  assert.equal(deliveries.length, 1, 'the handler is not called for a duplicate');
  assert.deepEqual(
    outcomes.map((o) => o.result),
    ['handled', 'duplicate'],
  );
});

test('status codes for bad requests, and the handler is never called', async () => {
  const { processor, deliveries, outcomes } = setup();
  const other = Buffer.from('{"id":2}');
  const cases: [number, string, ReturnType<typeof request>][] = [
    [405, 'method-not-allowed', request(BODY, headersFor(BODY), 'GET')],
    [413, 'body-too-large', request({ ok: false, reason: 'too-large' })],
    [400, 'body-aborted', request({ ok: false, reason: 'aborted' })],
    [500, 'body-already-consumed', request({ ok: false, reason: 'already-consumed' })],
    [400, 'missing-signature', request(BODY, headersFor(BODY, { 'x-shopify-hmac-sha256': undefined }))],
    [
      400,
      'duplicate-signature',
      request(BODY, headersFor(BODY, { 'x-shopify-hmac-sha256': [sign(BODY), sign(BODY)] })),
    ],
    [
      400,
      'duplicate-signature',
      request(BODY, headersFor(BODY, { 'x-shopify-hmac-sha256': `${sign(BODY)}, ${sign(BODY)}` })),
    ],
    [401, 'malformed-signature', request(BODY, headersFor(BODY, { 'x-shopify-hmac-sha256': 'abc' }))],
    [401, 'signature-mismatch', request(other, headersFor(BODY))],
    [400, 'empty-body', request(Buffer.alloc(0))],
    [400, 'missing-header', request(BODY, headersFor(BODY, { 'x-shopify-topic': undefined }))],
    [400, 'missing-header', request(BODY, headersFor(BODY, { 'x-shopify-shop-domain': undefined }))],
    [400, 'missing-header', request(BODY, headersFor(BODY, { 'x-shopify-webhook-id': '' }))],
    [
      400,
      'duplicate-header',
      request(BODY, headersFor(BODY, { 'x-shopify-topic': ['orders/create', 'orders/paid'] })),
    ],
    [400, 'duplicate-header', request(BODY, headersFor(BODY, { 'x-shopify-webhook-id': 'a,b' }))],
    [
      400,
      'invalid-shop-domain',
      request(BODY, headersFor(BODY, { 'x-shopify-shop-domain': 'evil.example' })),
    ],
    [400, 'invalid-header', request(BODY, headersFor(BODY, { 'x-shopify-webhook-id': 'has space' }))],
  ];
  for (const [status, reason, req] of cases) {
    const response = await processor.handle(req);
    assert.equal(response.status, status, reason);
    assert.equal(outcomes.at(-1)?.reason, reason);
  }
  assert.equal(deliveries.length, 0);
  assert.match(
    outcomes.find((o) => o.reason === 'signature-mismatch')?.hint ?? '',
    /created in the Shopify admin/,
  );
});

test('SHOP-2 through the endpoint: the admin key is configured as a second secret', async () => {
  const adminKey = 'admin-notifications-key';
  const { processor, deliveries } = setup({ secrets: [SECRET, adminKey] });
  const res = await processor.handle(
    request(BODY, headersFor(BODY, { 'x-shopify-hmac-sha256': sign(BODY, adminKey) })),
  );
  assert.equal(res.status, 200);
  assert.equal(deliveries[0]?.secretIndex, 1);
});

test('a missing API version is accepted: only the signature, topic, shop and webhook id are required', async () => {
  const { processor, deliveries } = setup();
  const res = await processor.handle(request(BODY, headersFor(BODY, { 'x-shopify-api-version': undefined })));
  assert.equal(res.status, 200);
  assert.equal(deliveries[0]?.apiVersion, undefined);
});

test('a failing handler gets 500 and releases the delivery, so the retry is handled', async () => {
  let calls = 0;
  const outcomes: WebhookOutcome[] = [];
  const processor = createWebhookProcessor({
    secrets: [SECRET],
    handler: () => {
      calls++;
      if (calls === 1) throw new Error('database down');
    },
    onOutcome: (o) => outcomes.push(o),
  });
  assert.equal((await processor.handle(request(BODY))).status, 500);
  assert.equal((outcomes[0]?.error as Error).message, 'database down');
  assert.equal((await processor.handle(request(BODY))).status, 200);
  assert.equal((await processor.handle(request(BODY))).status, 200);
  assert.equal(calls, 2);
});

test('a retry that arrives while the first attempt still runs gets 409, not 200', async () => {
  let finish: () => void = () => undefined;
  let calls = 0;
  const processor = createWebhookProcessor({
    secrets: [SECRET],
    handler: () => {
      calls++;
      return new Promise<void>((resolve) => (finish = resolve));
    },
  });
  const first = processor.handle(request(BODY));
  await new Promise((r) => setImmediate(r));
  assert.equal((await processor.handle(request(BODY))).status, 409);
  finish();
  assert.equal((await first).status, 200);
  assert.equal((await processor.handle(request(BODY))).status, 200);
  assert.equal(calls, 1);
});

test('de-duplication is per shop and webhook id, remembered for the TTL, and can be turned off', async () => {
  let now = NOW;
  const { processor, deliveries } = setup({ now: () => now, replayTtlSeconds: 60 });
  await processor.handle(request(BODY));
  await processor.handle(request(BODY, headersFor(BODY, { 'x-shopify-webhook-id': 'another-id' })));
  await processor.handle(
    request(BODY, headersFor(BODY, { 'x-shopify-shop-domain': 'other-shop.myshopify.com' })),
  );
  assert.equal(deliveries.length, 3);
  now += 59_000;
  await processor.handle(request(BODY));
  assert.equal(deliveries.length, 3);
  now += 2_000;
  await processor.handle(request(BODY));
  assert.equal(deliveries.length, 4, 'forgotten after the TTL');

  const off = setup({ replayStore: false });
  await off.processor.handle(request(BODY));
  await off.processor.handle(request(BODY));
  assert.equal(off.deliveries.length, 2);
});

test('a failing replay store answers 500 without calling the handler', async () => {
  const broken: ReplayStore = {
    begin: () => Promise.reject(new Error('SQLITE_BUSY')),
    complete: () => undefined,
    release: () => undefined,
  };
  const { processor, deliveries, outcomes } = setup({ replayStore: broken });
  assert.equal((await processor.handle(request(BODY))).status, 500);
  assert.equal(outcomes[0]?.reason, 'replay-store-failed');
  assert.equal(deliveries.length, 0);
});

test('staleness window on X-Shopify-Triggered-At (opt-in)', async () => {
  const { processor, deliveries, outcomes } = setup({ maxAgeSeconds: 300 });
  const at = (triggeredAt: string | undefined, id: string) =>
    processor.handle(
      request(BODY, headersFor(BODY, { 'x-shopify-triggered-at': triggeredAt, 'x-shopify-webhook-id': id })),
    );
  assert.equal((await at('2026-01-01T11:55:01Z', 'a')).status, 200);
  assert.equal(deliveries.length, 1);
  const stale = await at('2026-01-01T11:54:59Z', 'b');
  assert.equal(stale.status, 200, 'acknowledged so Shopify stops retrying');
  assert.equal(outcomes.at(-1)?.result, 'stale');
  assert.equal(deliveries.length, 1, 'but not handled');
  assert.equal((await at(undefined, 'c')).status, 400);
  assert.equal((await at('yesterday', 'd')).status, 400);
});

test('an outcome hook that throws does not change the answer', async () => {
  const processor = createWebhookProcessor({
    secrets: [SECRET],
    handler: () => undefined,
    onOutcome: () => {
      throw new Error('logger broken');
    },
  });
  assert.equal((await processor.handle(request(BODY))).status, 200);
});

test('bad options fail at start-up, not per request', () => {
  const handler = () => undefined;
  assert.throws(() => createWebhookProcessor({ secrets: [] as never, handler }), TypeError);
  assert.throws(() => createWebhookProcessor({ secrets: [''], handler }), TypeError);
  assert.throws(() => createWebhookProcessor({ secrets: ['s'], handler: undefined as never }), TypeError);
  assert.throws(() => createWebhookProcessor({ secrets: ['s'], handler, maxBodyBytes: 0 }), RangeError);
  assert.throws(() => createWebhookProcessor({ secrets: ['s'], handler, maxAgeSeconds: -1 }), RangeError);
});

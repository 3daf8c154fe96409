// End to end: each example app in examples/shopify-<framework>/ on 127.0.0.1, driven with a real HTTP
// client (fetch, and node:http where fetch cannot send a repeated header).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { request as httpRequest } from 'node:http';
import { start as startExpress } from '../../examples/shopify-express/server.js';
import { start as startFastify } from '../../examples/shopify-fastify/server.js';
import { start as startHono } from '../../examples/shopify-hono/server.js';
import {
  start as startNode,
  type ExampleOptions,
  type RunningExample,
} from '../../examples/shopify-node-http/server.js';
import { shopifyWebhookExpress, type WebhookDelivery, type WebhookOutcome } from './index.js';

const SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const LIMIT = 64 * 1024;
const sign = (bytes: Uint8Array) => createHmac('sha256', SECRET).update(bytes).digest('base64');

// SHOP-1 bytes: escaped slashes, \u0026 and José as Shopify writes them, plus a byte that is not UTF-8.
const BODY = Buffer.concat([
  Buffer.from(
    '{"customer":{"first_name":"José"},"url":"https:\\/\\/example-shop.myshopify.com\\/a?b=1\\u0026c=2","x":"',
  ),
  Buffer.from([0xff, 0xfe]),
  Buffer.from('"}'),
]);

let nextId = 0;
function headers(body: Uint8Array, changes: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-shopify-hmac-sha256': sign(body),
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'example-shop.myshopify.com',
    'x-shopify-webhook-id': `0b1c2d3e-0000-4000-8000-${String(++nextId).padStart(12, '0')}`,
    'x-shopify-api-version': '2026-01',
    ...changes,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

/** node:http sends an array value as repeated header lines, which fetch cannot do. */
function postWithRepeatedHeader(url: string, body: Buffer, name: string, values: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers(body), [name]: values } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A chunked upload with no Content-Length, so the limit is enforced while reading. */
function streamOf(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const chunk = Buffer.alloc(Math.min(16 * 1024, total - sent), 0x61);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

const apps: [string, (port: number, options: ExampleOptions) => Promise<RunningExample>][] = [
  ['node:http', startNode],
  ['Express', startExpress],
  ['Fastify', startFastify],
  ['Hono', startHono],
];

for (const [name, start] of apps) {
  test(`${name} example app: valid, replayed, forged, oversize and incomplete deliveries`, async () => {
    const deliveries: WebhookDelivery[] = [];
    const app = await start(0, {
      secrets: [SECRET],
      maxBodyBytes: LIMIT,
      handler: (d) => void deliveries.push(d),
    });
    const url = `${app.url}/webhooks`;
    const post = (body: RequestInit['body'], h: Record<string, string>, extra: RequestInit = {}) =>
      fetch(url, { method: 'POST', body, headers: h, ...extra });
    try {
      const h = headers(BODY);
      const ok = await post(BODY, h);
      assert.equal(ok.status, 200, await ok.text());
      assert.equal(deliveries.length, 1, 'handler called once');
      const d = deliveries[0]!;
      assert.deepEqual(Buffer.from(d.rawBody), BODY, 'the handler gets the exact bytes');
      assert.deepEqual(
        [d.topic, d.shop, d.webhookId],
        ['orders/create', 'example-shop.myshopify.com', h['x-shopify-webhook-id']],
      );

      const replay = await post(BODY, h);
      assert.equal(replay.status, 200);
      assert.equal(await replay.text(), 'duplicate delivery');
      assert.equal(deliveries.length, 1, 'a replay does not reach the handler');

      const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8'))));
      assert.equal((await post(reserialised, headers(BODY))).status, 401, 're-serialised body (SHOP-1)');
      assert.equal(
        (await post(BODY, headers(BODY, { 'x-shopify-hmac-sha256': sign(Buffer.from('x')) }))).status,
        401,
      );
      assert.equal((await post(BODY, headers(BODY, { 'x-shopify-hmac-sha256': 'not-base64!' }))).status, 401);

      assert.equal((await post(BODY, headers(BODY, { 'x-shopify-hmac-sha256': undefined }))).status, 400);
      assert.equal((await post(BODY, headers(BODY, { 'x-shopify-topic': undefined }))).status, 400);
      assert.equal((await post(BODY, headers(BODY, { 'x-shopify-webhook-id': undefined }))).status, 400);
      assert.equal(
        await postWithRepeatedHeader(url, BODY, 'x-shopify-hmac-sha256', [sign(BODY), sign(BODY)]),
        400,
      );
      assert.equal(
        await postWithRepeatedHeader(url, BODY, 'x-shopify-shop-domain', [
          'a.myshopify.com',
          'b.myshopify.com',
        ]),
        400,
      );
      assert.equal((await post(new Uint8Array(0), headers(new Uint8Array(0)))).status, 400, 'empty body');

      const big = Buffer.alloc(LIMIT + 1, 0x61);
      assert.equal((await post(big, headers(big))).status, 413, 'declared oversize body');
      const streamed = await post(streamOf(4 * LIMIT), headers(big), { duplex: 'half' });
      assert.equal(streamed.status, 413, 'chunked oversize body');
      const exact = Buffer.alloc(LIMIT, 0x62);
      assert.equal(
        (await post(exact, headers(exact))).status,
        200,
        'a body of exactly the limit is accepted',
      );

      const other = Buffer.from('{"ok":true}');
      const noType = headers(other, { 'content-type': undefined });
      assert.equal((await post(other, noType)).status, 200, 'no content type');
      assert.equal(
        (await post(other, { ...headers(other), 'content-type': 'text/xml' })).status,
        200,
        'any content type',
      );
      assert.equal((await fetch(url)).status, 405);
      assert.equal(deliveries.length, 4, 'exactly the four valid deliveries were handled');
    } finally {
      await app.close();
    }
  });
}

test('Express misconfigured with express.json() before the webhook route: 500 with a hint, never a pass', async () => {
  const outcomes: WebhookOutcome[] = [];
  let handled = 0;
  const app = express();
  app.use(express.json());
  app.post(
    '/webhooks',
    shopifyWebhookExpress({
      secrets: [SECRET],
      handler: () => {
        handled++;
      },
      onOutcome: (o) => {
        outcomes.push(o);
      },
    }),
  );
  const server = await new Promise<ReturnType<typeof app.listen>>((done) => {
    const s = app.listen(0, '127.0.0.1', () => {
      done(s);
    });
  });
  try {
    const body = Buffer.from('{"id":1}');
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/webhooks`, {
      method: 'POST',
      body,
      headers: headers(body),
    });
    assert.equal(res.status, 500);
    assert.equal(handled, 0);
    assert.equal(outcomes[0]?.reason, 'body-already-consumed');
    assert.match(outcomes[0]?.hint ?? '', /before any body parser/);
  } finally {
    await new Promise((done) => server.close(done));
  }
});

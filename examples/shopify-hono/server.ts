// A Shopify webhook receiver on Hono (served by @hono/node-server), verified by cdeguard/shopify.
// The handler reads the raw Request body itself, so no Hono body helper may run before it.
// Run: SHOPIFY_API_SECRET=… PORT=3000 node --import tsx examples/shopify-hono/server.ts
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// In your app: from 'cdeguard/shopify'.
import { shopifyWebhookHono, type Secrets, type WebhookOptions } from '../../src/shopify/index.js';

export type ExampleOptions = Pick<WebhookOptions, 'secrets' | 'handler' | 'maxBodyBytes' | 'onOutcome'>;
export type RunningExample = { url: string; close(): Promise<void> };

export async function start(port: number, options: ExampleOptions): Promise<RunningExample> {
  const app = new Hono();
  app.all('/webhooks', shopifyWebhookHono(options));
  app.post('/api/echo', async (c) => c.json({ received: await c.req.json<unknown>() }));
  let server: ReturnType<typeof serve> | undefined;
  const bound = await new Promise<AddressInfo>((done) => {
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, done);
  });
  return {
    url: `http://127.0.0.1:${bound.port}`,
    close: () =>
      new Promise<void>((done) => {
        if (server === undefined) done();
        else
          server.close(() => {
            done();
          });
      }),
  };
}

function secretsFromEnv(env: NodeJS.ProcessEnv): Secrets | undefined {
  const secret = env.SHOPIFY_API_SECRET;
  if (!secret) return undefined;
  const adminKey = env.SHOPIFY_ADMIN_WEBHOOK_KEY;
  return adminKey ? [secret, adminKey] : [secret];
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const secrets = secretsFromEnv(process.env);
  if (secrets === undefined) {
    console.error('Set SHOPIFY_API_SECRET (and SHOPIFY_ADMIN_WEBHOOK_KEY for admin-created webhooks).');
    process.exit(2);
  }
  const running = await start(Number(process.env.PORT ?? 3000), {
    secrets,
    handler: (delivery) => {
      console.log(
        `${delivery.topic} from ${delivery.shop} (${delivery.webhookId}), ${delivery.rawBody.length} bytes`,
      );
    },
    onOutcome: (outcome) => {
      if (outcome.result !== 'handled')
        console.warn(`${outcome.status} ${outcome.result} ${outcome.reason ?? ''}`, outcome.hint ?? '');
    },
  });
  console.log(`listening on ${running.url}/webhooks`);
}

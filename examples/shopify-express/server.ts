// A Shopify webhook receiver on Express, verified by cdeguard/shopify. The webhook route is mounted
// before express.json(), so the verifier sees the raw bytes; other routes still get parsed JSON.
// Run: SHOPIFY_API_SECRET=… PORT=3000 node --import tsx examples/shopify-express/server.ts
import express from 'express';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// In your app: from 'cdeguard/shopify'.
import { shopifyWebhookExpress, type Secrets, type WebhookOptions } from '../../src/shopify/index.js';

export type ExampleOptions = Pick<WebhookOptions, 'secrets' | 'handler' | 'maxBodyBytes' | 'onOutcome'>;
export type RunningExample = { url: string; close(): Promise<void> };

export async function start(port: number, options: ExampleOptions): Promise<RunningExample> {
  const app = express();
  app.all('/webhooks', shopifyWebhookExpress(options));
  app.use(express.json());
  app.post('/api/echo', (req, res) => {
    res.json({ received: req.body as unknown });
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((done) => {
    const s = app.listen(port, '127.0.0.1', () => {
      done(s);
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((done) => {
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

// A Shopify webhook receiver on Fastify, verified by cdeguard/shopify. The plugin replaces the body
// parsers inside its own scope only; the JSON route registered beside it keeps Fastify's parser.
// Run: SHOPIFY_API_SECRET=… PORT=3000 node --import tsx examples/shopify-fastify/server.ts
import Fastify from 'fastify';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// In your app: from 'cdeguard/shopify'.
import { shopifyWebhookFastify, type Secrets, type WebhookOptions } from '../../src/shopify/index.js';

export type ExampleOptions = Pick<WebhookOptions, 'secrets' | 'handler' | 'maxBodyBytes' | 'onOutcome'>;
export type RunningExample = { url: string; close(): Promise<void> };

export async function start(port: number, options: ExampleOptions): Promise<RunningExample> {
  const app = Fastify();
  await app.register(shopifyWebhookFastify({ ...options, path: '/webhooks' }));
  app.post('/api/echo', (request) => ({ received: request.body }));
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return { url: `http://127.0.0.1:${bound}`, close: () => app.close() };
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

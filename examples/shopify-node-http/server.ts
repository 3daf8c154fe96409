// A Shopify webhook receiver on plain node:http, verified by cdeguard/shopify.
// Run: SHOPIFY_API_SECRET=… PORT=3000 node --import tsx examples/shopify-node-http/server.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// In your app: from 'cdeguard/shopify'.
import { shopifyWebhookNode, type Secrets, type WebhookOptions } from '../../src/shopify/index.js';

export type ExampleOptions = Pick<WebhookOptions, 'secrets' | 'handler' | 'maxBodyBytes' | 'onOutcome'>;
export type RunningExample = { url: string; close(): Promise<void> };

export async function start(port: number, options: ExampleOptions): Promise<RunningExample> {
  const webhook = shopifyWebhookNode(options);
  const server = createServer((req, res) => {
    if (req.url === '/webhooks') {
      void webhook(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
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

/** The client secret, plus the admin notifications key for webhooks created in the Shopify admin. */
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

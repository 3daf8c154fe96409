// The webhook endpoint for node:http and Express: `(req, res)` handlers that read the raw body themselves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readNodeBody } from './read-body.js';
import { createWebhookProcessor, type WebhookOptions, type WebhookResponse } from './webhook-processor.js';

export type NodeWebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function send(res: ServerResponse, response: WebhookResponse): void {
  if (res.headersSent) return;
  res.writeHead(response.status, response.headers).end(response.body);
}

/**
 * A `(req, res)` handler for the webhook route. It must see the request before any body parser: it
 * answers 500 when another middleware already consumed the body. Never rejects.
 */
export function shopifyWebhookNode(options: WebhookOptions): NodeWebhookHandler {
  const processor = createWebhookProcessor(options);
  return async (req, res) => {
    try {
      const response = await processor.handle({
        method: req.method,
        // headersDistinct keeps each occurrence apart, so a repeated header is seen as such.
        header: (name) => req.headersDistinct[name],
        readBody: (limit) => readNodeBody(req, limit),
      });
      send(res, response);
    } catch {
      // Unreachable by design (every failure above is an answer); a bug still gets a 500, not a hang.
      send(res, processor.refuse(500, 'internal-error'));
    }
  };
}

/** Express middleware for the webhook route (Express 4 or 5). Mount it before `express.json()`. */
export function shopifyWebhookExpress(
  options: WebhookOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const handle = shopifyWebhookNode(options);
  return (req, res, next) => {
    handle(req, res).catch(next);
  };
}

// The webhook endpoint for Fetch API runtimes: a `(Request) => Response` handler, and its Hono form.
import { readRequestBody } from './read-body.js';
import { createWebhookProcessor, type WebhookOptions, type WebhookResponse } from './webhook-processor.js';

const toResponse = (r: WebhookResponse): Response =>
  new Response(r.body, { status: r.status, headers: r.headers });

/** A Fetch API handler (Hono, Next.js route handlers, Workers, Deno, Bun). */
export function shopifyWebhookFetch(options: WebhookOptions): (request: Request) => Promise<Response> {
  const processor = createWebhookProcessor(options);
  return async (request) => {
    try {
      const response = await processor.handle({
        method: request.method,
        // Fetch joins a repeated header as `a, b`; the processor treats any comma as a repeat.
        header: (name) => request.headers.get(name) ?? undefined,
        readBody: (limit) => readRequestBody(request, limit),
      });
      return toResponse(response);
    } catch {
      return toResponse(processor.refuse(500, 'internal-error'));
    }
  };
}

/** A Hono route handler: `app.post('/webhooks', shopifyWebhookHono({ ... }))`. */
export function shopifyWebhookHono(
  options: WebhookOptions,
): (c: { req: { raw: Request } }) => Promise<Response> {
  const handle = shopifyWebhookFetch(options);
  return (c) => handle(c.req.raw);
}

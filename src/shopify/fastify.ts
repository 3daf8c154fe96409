// The webhook endpoint as a Fastify plugin. Fastify reads bodies itself, so the plugin swaps the parsers
// of its own encapsulated scope for one that keeps the raw bytes, and leaves the rest of the app alone.
import type { IncomingMessage } from 'node:http';
import { createWebhookProcessor, type WebhookOptions, type WebhookResponse } from './webhook-processor.js';

// Only the parts of Fastify the plugin touches, so the library carries no type dependency on Fastify.
type FastifyRequestLike = { method: string; body: unknown; raw: IncomingMessage };
type FastifyReplyLike = {
  code(statusCode: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload: string): unknown;
};
type RouteHandler = (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<void>;
export type FastifyScopeLike = {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    options: { parseAs: 'buffer'; bodyLimit: number },
    parser: (
      request: FastifyRequestLike,
      body: Buffer,
      done: (error: Error | null, body?: Buffer) => void,
    ) => void,
  ): void;
  setErrorHandler(
    handler: (
      error: { code?: string; statusCode?: number },
      request: FastifyRequestLike,
      reply: FastifyReplyLike,
    ) => void,
  ): unknown;
  all(path: string, handler: RouteHandler): unknown;
};

export type FastifyWebhookOptions = WebhookOptions & { path: string };

function send(reply: FastifyReplyLike, response: WebhookResponse): void {
  reply.code(response.status).headers(response.headers).send(response.body);
}

/** Register with `app.register(shopifyWebhookFastify({ path: '/webhooks', ... }))`. */
export function shopifyWebhookFastify(
  options: FastifyWebhookOptions,
): (scope: FastifyScopeLike) => Promise<void> {
  const processor = createWebhookProcessor(options);
  // Fastify waits for a plugin's promise; the setup itself is synchronous.
  return (scope) => {
    scope.removeAllContentTypeParsers();
    // Every content type, and none, arrives as the untouched bytes; Fastify enforces the size limit.
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: processor.maxBodyBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scope.setErrorHandler((error, _request, reply) => {
      const code = error.statusCode ?? 500;
      const status = code === 413 ? 413 : code >= 400 && code < 500 ? 400 : 500;
      send(
        reply,
        processor.refuse(status, status === 413 ? 'body-too-large' : (error.code ?? 'request-error')),
      );
    });
    scope.all(options.path, async (request, reply) => {
      const body = request.body;
      const response = await processor.handle({
        method: request.method,
        header: (name) => request.raw.headersDistinct[name],
        // A request with no body never reaches the parser; it is an empty body, which is refused.
        readBody: () =>
          Promise.resolve(
            body === undefined || body === null
              ? { ok: true, body: new Uint8Array(0) }
              : Buffer.isBuffer(body)
                ? { ok: true, body }
                : { ok: false, reason: 'already-consumed' },
          ),
      });
      send(reply, response);
    });
    return Promise.resolve();
  };
}

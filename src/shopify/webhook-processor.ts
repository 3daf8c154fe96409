// The webhook endpoint, independent of any framework: method, body limit, signature, required headers,
// staleness, de-duplication, then the handler. Framework adapters only read the request and write the answer.
import { secretsUsable, type Clock, type Secrets } from './crypto.js';
import { createMemoryReplayStore, type ReplayStore } from './replay-store.js';
import { isShopDomain } from './shop-domain.js';
import { verifyWebhook, type WebhookRejection } from './webhook-signature.js';

/** A delivery whose body was verified. Only `rawBody` is authenticated; the other fields are headers. */
export type WebhookDelivery = {
  topic: string;
  /** From `X-Shopify-Shop-Domain`, checked to be `<name>.myshopify.com`; not signed. */
  shop: string;
  /** `X-Shopify-Webhook-Id`, the de-duplication key. */
  webhookId: string;
  apiVersion: string | undefined;
  eventId: string | undefined;
  triggeredAt: string | undefined;
  /** The exact bytes Shopify signed. */
  rawBody: Uint8Array;
  /** Which configured secret verified it (for example 1 for the admin notifications key). */
  secretIndex: number;
  /** The body decoded as UTF-8, e.g. for `JSON.parse`. */
  text(): string;
};

export type WebhookHandler = (delivery: WebhookDelivery) => void | Promise<void>;

export type WebhookResult = 'handled' | 'duplicate' | 'in-progress' | 'stale' | 'rejected' | 'handler-failed';

/** What happened to one request, for logs and metrics. Header values here are unauthenticated. */
export type WebhookOutcome = {
  status: number;
  result: WebhookResult;
  reason?: string;
  /** The likely cause of a rejection, e.g. a subscription created in the admin (another signing key). */
  hint?: string;
  topic?: string;
  shop?: string;
  webhookId?: string;
  secretIndex?: number;
  /** What the handler threw. */
  error?: unknown;
};

export type WebhookOptions = {
  secrets: Secrets;
  handler: WebhookHandler;
  /** Largest body accepted; larger ones get 413 without being read to the end. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Where handled deliveries are remembered. Default: an in-memory LRU for this endpoint; `false` disables. */
  replayStore?: ReplayStore | false;
  /** How long a handled delivery is remembered. Default 72 h (Shopify retries for 4 h; deliveries can be a day late). */
  replayTtlSeconds?: number;
  /** How long a running handler holds its delivery before another attempt may take over. Default 60 s. */
  inProgressTtlSeconds?: number;
  /**
   * Deliveries whose `X-Shopify-Triggered-At` is older than this get 200 without reaching the handler.
   * Off by default. The header is not signed: this drops late retries, not a determined replayer.
   */
  maxAgeSeconds?: number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: Clock;
  /** Called once per request with what happened. Must not throw (what it throws is ignored). */
  onOutcome?: (outcome: WebhookOutcome) => void;
};

export type HeaderValue = string | readonly string[] | undefined;

export type BodyRead =
  { ok: true; body: Uint8Array } | { ok: false; reason: 'too-large' | 'already-consumed' | 'aborted' };

/** What an adapter supplies: the method, a header lookup by lower-case name, and a bounded body reader. */
export type WebhookRequest = {
  method: string | undefined;
  header(name: string): HeaderValue;
  readBody(limit: number): Promise<BodyRead>;
};

export type WebhookResponse = { status: number; body: string; headers: Record<string, string> };

export type WebhookProcessor = {
  maxBodyBytes: number;
  handle(request: WebhookRequest): Promise<WebhookResponse>;
  /** For adapters whose framework reads the body itself and reports its own errors (e.g. an oversize body). */
  refuse(status: 400 | 413 | 500, reason: string): WebhookResponse;
};

export const HEADERS = {
  hmac: 'x-shopify-hmac-sha256',
  topic: 'x-shopify-topic',
  shop: 'x-shopify-shop-domain',
  webhookId: 'x-shopify-webhook-id',
  apiVersion: 'x-shopify-api-version',
  eventId: 'x-shopify-event-id',
  triggeredAt: 'x-shopify-triggered-at',
} as const;

const STATUS_TEXT: Record<number, string> = {
  200: 'ok',
  400: 'bad request',
  401: 'unauthorized',
  405: 'method not allowed',
  409: 'delivery in progress',
  413: 'payload too large',
  500: 'internal error',
};

const SIGNATURE_STATUS: Record<WebhookRejection, number> = {
  'missing-signature': 400,
  'duplicate-signature': 400,
  'empty-body': 400,
  'malformed-signature': 401,
  'signature-mismatch': 401,
  'body-not-bytes': 500,
  'no-usable-secret': 500,
};

const CONSUMED_HINT =
  'Another middleware read the request body before the webhook endpoint; mount the endpoint before any body parser.';

/** Printable ASCII without spaces or commas: a UUID fits, and a comma would mean two joined values. */
const HEADER_TOKEN = /^[\x21-\x2b\x2d-\x7e]{1,255}$/;

/**
 * Each occurrence of a header, with comma-joined values split apart. None of the headers read here can
 * contain a comma, and Fetch `Headers` or a proxy may join repeats as `a, b`: either way it is a repeat.
 */
function values(value: HeaderValue): string[] {
  const list = typeof value === 'string' ? [value] : (value ?? []);
  return list.flatMap((v) => v.split(','));
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number`);
  return v;
}

/** Builds the endpoint. Bad options throw here, at start-up; requests never make it throw. */
export function createWebhookProcessor(options: WebhookOptions): WebhookProcessor {
  if (!secretsUsable(options.secrets)) throw new TypeError('secrets must hold at least one non-empty string');
  if (typeof options.handler !== 'function') throw new TypeError('handler must be a function');
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, 1024 * 1024);
  const ttlMs = positive('replayTtlSeconds', options.replayTtlSeconds, 72 * 3600) * 1000;
  const inProgressMs = positive('inProgressTtlSeconds', options.inProgressTtlSeconds, 60) * 1000;
  const maxAgeMs =
    options.maxAgeSeconds === undefined
      ? undefined
      : positive('maxAgeSeconds', options.maxAgeSeconds, 0) * 1000;
  const store =
    options.replayStore === false ? undefined : (options.replayStore ?? createMemoryReplayStore());
  const now = options.now ?? Date.now;
  const { secrets, handler, onOutcome } = options;

  const answer = (outcome: WebhookOutcome, headers: Record<string, string> = {}): WebhookResponse => {
    try {
      onOutcome?.(outcome);
    } catch {
      // A logging hook must not turn an answer into a crash.
    }
    const text = outcome.result === 'duplicate' ? 'duplicate delivery' : (STATUS_TEXT[outcome.status] ?? '');
    return {
      status: outcome.status,
      body: text,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    };
  };
  const reject = (status: number, reason: string, extra: Partial<WebhookOutcome> = {}) =>
    answer({ status, result: 'rejected', reason, ...extra }, status === 413 ? { connection: 'close' } : {});

  /** The metadata headers, each present at most once; topic, shop and webhook id required and checked. */
  const readMetadata = (request: WebhookRequest, secretIndex: number) => {
    const fields: Partial<Record<keyof typeof HEADERS, string>> = {};
    for (const key of ['topic', 'shop', 'webhookId', 'apiVersion', 'eventId', 'triggeredAt'] as const) {
      const list = values(request.header(HEADERS[key]));
      const hint = `${HEADERS[key]} arrived more than once`;
      if (list.length > 1) return reject(400, 'duplicate-header', { hint, secretIndex });
      if (list[0] !== undefined && list[0] !== '') fields[key] = list[0];
    }
    // Shopify always sends these three; a valid body without them is refused rather than guessed at.
    // The API version is not required: a real compliance webhook once arrived without it.
    const { topic, shop, webhookId } = fields;
    if (topic === undefined || shop === undefined || webhookId === undefined) {
      const name =
        topic === undefined ? HEADERS.topic : shop === undefined ? HEADERS.shop : HEADERS.webhookId;
      return reject(400, 'missing-header', { hint: `${name} is missing`, secretIndex });
    }
    const ids = { topic, shop, webhookId, secretIndex };
    if (!isShopDomain(shop)) return reject(400, 'invalid-shop-domain', ids);
    if (!HEADER_TOKEN.test(webhookId) || !HEADER_TOKEN.test(topic)) return reject(400, 'invalid-header', ids);
    return { ids, fields };
  };

  /** De-duplicates on (shop, webhook id), runs the handler, and records the result in the store. */
  const deliver = async (delivery: WebhookDelivery): Promise<WebhookResponse> => {
    const ids = {
      topic: delivery.topic,
      shop: delivery.shop,
      webhookId: delivery.webhookId,
      secretIndex: delivery.secretIndex,
    };
    const key = `${delivery.shop.toLowerCase()} ${delivery.webhookId}`;
    if (store !== undefined) {
      let state;
      try {
        state = await store.begin(key, now() + inProgressMs, now());
      } catch (error) {
        return answer({ status: 500, result: 'rejected', reason: 'replay-store-failed', error, ...ids });
      }
      // A retry that arrives while the first attempt still runs gets a non-2xx, so Shopify tries again
      // later: answering 200 would lose the event if that first attempt then fails.
      if (state === 'in-progress') return answer({ status: 409, result: 'in-progress', ...ids });
      if (state === 'done') return answer({ status: 200, result: 'duplicate', ...ids });
    }
    try {
      await handler(delivery);
    } catch (error) {
      try {
        await store?.release(key);
      } catch {
        // The in-progress mark then expires on its own after inProgressTtlSeconds.
      }
      return answer({ status: 500, result: 'handler-failed', error, ...ids });
    }
    try {
      await store?.complete(key, now() + ttlMs);
    } catch (error) {
      // Handled all the same; a retry after the in-progress mark expires would be handled again.
      return answer({ status: 200, result: 'handled', reason: 'replay-store-failed', error, ...ids });
    }
    return answer({ status: 200, result: 'handled', ...ids });
  };

  return {
    maxBodyBytes,
    refuse: (status, reason) => reject(status, reason),
    async handle(request) {
      if (request.method !== 'POST') {
        return answer({ status: 405, result: 'rejected', reason: 'method-not-allowed' }, { allow: 'POST' });
      }
      const read = await request.readBody(maxBodyBytes);
      if (!read.ok) {
        if (read.reason === 'too-large') return reject(413, 'body-too-large');
        if (read.reason === 'aborted') return reject(400, 'body-aborted');
        return reject(500, 'body-already-consumed', { hint: CONSUMED_HINT });
      }
      const rawBody = read.body;
      const verdict = verifyWebhook({ rawBody, hmacHeader: values(request.header(HEADERS.hmac)), secrets });
      if (!verdict.valid) {
        return reject(
          SIGNATURE_STATUS[verdict.reason],
          verdict.reason,
          verdict.hint ? { hint: verdict.hint } : {},
        );
      }
      const metadata = readMetadata(request, verdict.secretIndex);
      if ('status' in metadata) return metadata;
      const { ids, fields } = metadata;

      if (maxAgeMs !== undefined) {
        const triggered = fields.triggeredAt === undefined ? NaN : Date.parse(fields.triggeredAt);
        if (!Number.isFinite(triggered)) return reject(400, 'invalid-triggered-at', ids);
        if (now() - triggered > maxAgeMs)
          return answer({ status: 200, result: 'stale', reason: 'too-old', ...ids });
      }
      return deliver({
        ...ids,
        apiVersion: fields.apiVersion,
        eventId: fields.eventId,
        triggeredAt: fields.triggeredAt,
        rawBody,
        text: () => new TextDecoder().decode(rawBody),
      });
    },
  };
}

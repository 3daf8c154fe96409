// cdeguard/shopify: verify what Shopify sends (webhooks, OAuth and admin queries, app proxy requests,
// session tokens) and serve webhook endpoints that de-duplicate deliveries. Depends only on node:crypto.
export type { Clock, Secrets } from './crypto.js';
export { isShopDomain } from './shop-domain.js';
export { verifyWebhook } from './webhook-signature.js';
export type { WebhookInput, WebhookRejection, WebhookVerification } from './webhook-signature.js';
export { verifyOAuthQuery, oauthMessage } from './oauth-query.js';
export type { OAuthQueryVerification } from './oauth-query.js';
export { verifyAppProxy, appProxyMessage } from './app-proxy.js';
export type { AppProxyVerification } from './app-proxy.js';
export type { QueryFailure, QueryInput, QueryOptions, QueryRejection } from './query-params.js';
export { verifySessionToken, bearerToken } from './session-token.js';
export type {
  SessionTokenClaims,
  SessionTokenOptions,
  SessionTokenRejection,
  SessionTokenVerification,
} from './session-token.js';
export { createMemoryReplayStore } from './replay-store.js';
export type { DeliveryState, MemoryReplayStoreOptions, ReplayStore } from './replay-store.js';
export { createSqliteReplayStore } from './sqlite-replay-store.js';
export type { SqliteReplayStore, SqliteReplayStoreOptions } from './sqlite-replay-store.js';
export { createWebhookProcessor } from './webhook-processor.js';
export type {
  BodyRead,
  HeaderValue,
  WebhookDelivery,
  WebhookHandler,
  WebhookOptions,
  WebhookOutcome,
  WebhookProcessor,
  WebhookRequest,
  WebhookResponse,
  WebhookResult,
} from './webhook-processor.js';
export { shopifyWebhookNode, shopifyWebhookExpress } from './node-http.js';
export type { NodeWebhookHandler } from './node-http.js';
export { shopifyWebhookFastify } from './fastify.js';
export type { FastifyScopeLike, FastifyWebhookOptions } from './fastify.js';
export { shopifyWebhookFetch, shopifyWebhookHono } from './fetch-api.js';

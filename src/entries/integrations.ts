/**
 * `@transcode-flow/observability/integrations`: timers and counters for the services a media
 * API talks to (object storage, webhooks, databases and pg pools, caches, speech-to-text and
 * other media steps, API keys), each recording the catalogue's metrics for that domain. Each
 * helper takes the observability object; none loads a client library.
 *
 * @packageDocumentation
 */
export { timeOperation, errorReason, type OperationOutcome } from '../integrations/time-operation.js';
export {
  instrumentStorage,
  type StorageInstrumentation,
  type StorageInstrumentationOptions,
  type StorageTimeOptions,
  type StorageUsage,
} from '../integrations/storage.js';
export {
  deliverWebhook,
  type WebhookDeliveryOptions,
  type WebhookDeliveryResult,
} from '../integrations/webhook-delivery.js';
export { timeQuery } from '../integrations/database.js';
export { observePool, type PoolLike, type PoolObserver, type ObservePoolOptions } from '../integrations/pg-pool.js';
export { instrumentCache, type CacheInstrumentation, type CacheInstrumentationOptions } from '../integrations/cache.js';
export { instrumentMedia, type MediaInstrumentation, type TranscriptionOptions } from '../integrations/media.js';
export {
  apiKeyPrefix,
  instrumentApiKeys,
  type ApiKeyInstrumentation,
  type ApiKeyPrefixOptions,
} from '../integrations/api-keys.js';

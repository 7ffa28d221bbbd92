import { API_ERROR_ALERTS } from './api-errors.js';
import { API_KEY_ALERTS } from './api-keys.js';
import { API_LATENCY_ALERTS } from './api-latency.js';
import { API_MEDIA_ALERTS } from './api-media.js';
import { API_STORAGE_CACHE_ALERTS } from './api-storage-cache.js';
import { API_TRAFFIC_ALERTS } from './api-traffic.js';
import { API_WEBHOOK_ALERTS } from './api-webhooks.js';

/** The Python reference stack’s 18 API alerts (plus the storage quota alert), family by family, in the order of `prometheus/alerts/api.yml`. */
export const API_ALERTS = [
  ...API_ERROR_ALERTS,
  ...API_LATENCY_ALERTS,
  ...API_TRAFFIC_ALERTS,
  ...API_KEY_ALERTS,
  ...API_WEBHOOK_ALERTS,
  ...API_STORAGE_CACHE_ALERTS,
  ...API_MEDIA_ALERTS,
];

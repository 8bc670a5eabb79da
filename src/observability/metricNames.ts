/** Every metric's name, so that `close()` can take them all out of a shared registry. */
export const METRIC_NAMES = {
  models: 'scoped_models_models',
  cacheHits: 'scoped_models_cache_hits_total',
  cacheMisses: 'scoped_models_cache_misses_total',
  duration: 'scoped_models_discovery_duration_seconds',
  failures: 'scoped_models_discovery_failures_total',
  reloads: 'scoped_models_store_reloads_total',
  reconnects: 'scoped_models_pubsub_reconnects_total',
  sse: 'scoped_models_sse_clients',
} as const;

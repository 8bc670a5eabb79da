import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import type { Container } from 'inversify';
import { createContainer } from '../../src/container/createContainer.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import { createModelMetrics, type ModelMetrics } from '../../src/observability/createModelMetrics.js';
import { TYPES } from '../../src/tokens.js';
import { type AdminClient, deletePrefix, describeRedis, eventually, killClients, REDIS_URL, redisAdmin, uniquePrefix } from '../helpers/redis.js';
import { sample } from './metricsText.js';

await describeRedis('createModelMetrics over the real Redis', () => {
  let admin: AdminClient;
  let prefix: string;
  let container: Container;
  let metrics: ModelMetrics;

  beforeAll(async () => {
    admin = await redisAdmin();
  });

  afterAll(() => {
    admin.destroy();
  });

  beforeEach(() => {
    prefix = uniquePrefix();
    container = createContainer({ env: 'test', config: { providers: [], store: { type: 'redis', url: REDIS_URL, prefix, pollMs: 60_000 } } });
    metrics = createModelMetrics(container.get<ProviderManager>(TYPES.ProviderManager));
  });

  afterEach(async () => {
    metrics.close();
    await container.unbindAllAsync();
    await deletePrefix(admin, prefix);
  });

  it('should count a pub/sub reconnection after the subscriber connection is killed, and the store loads', async () => {
    const manager = container.get<ProviderManager>(TYPES.ProviderManager);
    await manager.ready();
    // Subscribed once (Redis lists the channel): that first subscription is not a reconnection.
    await eventually(async () => expect(await admin.pubSubNumSub(`${prefix}:changes`)).toEqual({ [`${prefix}:changes`]: 1 }));
    expect(sample(await metrics.render(), 'scoped_models_pubsub_reconnects_total')).toBe(0);
    expect(await killClients(admin, `${prefix}:subscriber`)).toBe(1);
    await eventually(async () => expect(sample(await metrics.render(), 'scoped_models_pubsub_reconnects_total')).toBe(1), 5000);
    expect(sample(await metrics.render(), 'scoped_models_store_reloads_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  });
});

import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Container } from 'inversify';
import type { ScopedModelsConfigInput } from '../../../src/config/schema.js';
import { createContainer } from '../../../src/container/createContainer.js';
import type { ProviderManager } from '../../../src/manager/ProviderManager.js';
import { TYPES } from '../../../src/tokens.js';
import { type OpenAiServer, startOpenAiServer } from '../../helpers/fakeProviderServer.js';
import { eventually } from '../../helpers/redis.js';
import { describeWithRedisBinaries, RedisSentinelProcesses, waitFor } from '../../helpers/redisProcesses.js';

/** A real primary, replica and sentinel started by the test (`redis-server FILE.conf --sentinel`). */
describeWithRedisBinaries('a catalog shared through a Sentinel-guarded primary', () => {
  let redis: RedisSentinelProcesses;
  let containers: Container[];
  let servers: OpenAiServer[];
  let prefix: string;

  beforeAll(async () => {
    redis = new RedisSentinelProcesses();
    await redis.start();
  }, 60_000);

  afterAll(async () => {
    await redis.stop();
  });

  beforeEach(() => {
    containers = [];
    servers = [];
    prefix = `scoped-models-test:${randomUUID()}`;
  });

  afterEach(async () => {
    await Promise.all(containers.map((container) => container.unbindAllAsync()));
    await Promise.all(servers.map((server) => server.close()));
  });

  function instance(providers: { name: string; server: OpenAiServer }[]): ProviderManager {
    const config: ScopedModelsConfigInput = {
      providers: providers.map(({ name, server }) => ({ name, type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: 'k' })),
      // Generous: the test is about the failover, and a loaded CI machine slows the sentinel's first connection.
      discovery: { retries: 0, timeoutMs: 10_000, requestTimeoutMs: 5_000 },
      store: { type: 'redis', sentinels: [{ host: '127.0.0.1', port: redis.sentinel.port }], masterName: redis.masterName, prefix, pollMs: 200 },
    };
    const container = createContainer({ env: 'test', config });
    containers.push(container);
    return container.get<ProviderManager>(TYPES.ProviderManager);
  }

  it('should resume writes on the promoted replica after the primary dies, losing nothing committed before', async () => {
    const one = await startOpenAiServer({ models: ['m1'] });
    const two = await startOpenAiServer({ models: ['m2'] });
    servers.push(one, two);
    const providers = [
      { name: 'one', server: one },
      { name: 'two', server: two },
    ];
    const a = instance(providers);
    const b = instance(providers);
    await Promise.all([a.ready(), b.ready()]);
    const first = await a.discoverModels(['one']);
    expect(first.providers[0]).toMatchObject({ status: 'ok' });
    await eventually(() => expect(b.validScopedModels()).toEqual(['one/m1']), 15_000);
    // Replication is asynchronous: what counts as committed before the failover is what reached the replica.
    await waitFor(async () => String(await redis.replica.command(['GET', `${prefix}:generation`])) === '1', 'the replica did not receive the commit');

    await redis.primary.stop('SIGKILL');
    await waitFor(async () => (await redis.primaryPort()) === redis.replica.port, 'the sentinel did not promote the replica', 20_000);

    // Made while the client may still be finding the new primary: then it is written when the store answers again.
    expect((await a.discoverModels(['two'])).providers[0]?.status).toBe('ok');
    await eventually(() => expect(b.validScopedModels()).toEqual(['one/m1', 'two/m2']), 15_000);
    expect(Number(await redis.replica.command(['GET', `${prefix}:generation`]))).toBe(2);
    // A fresh instance reads both lists from the new primary, without asking either provider.
    const c = instance(providers);
    await eventually(async () => {
      await c.ready();
      expect(c.validScopedModels()).toEqual(['one/m1', 'two/m2']);
    }, 10_000);
    expect([one.modelRequests, two.modelRequests]).toEqual([1, 1]);
  }, 60_000);
});

import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Container } from 'inversify';
import { createClient } from 'redis';
import type { ScopedModelsConfigInput } from '../../../src/config/schema.js';
import { createContainer } from '../../../src/container/createContainer.js';
import type { ProviderManager } from '../../../src/manager/ProviderManager.js';
import { TYPES } from '../../../src/tokens.js';
import { type OpenAiServer, startOpenAiServer } from '../../helpers/fakeProviderServer.js';
import { describeWithRedisBinaries, RedisClusterProcesses } from '../../helpers/redisProcesses.js';
import { eventually } from '../../helpers/redis.js';

/** A real 3-node Redis Cluster started by the test (redis-server --cluster-enabled yes ×3, redis-cli --cluster create). */
describeWithRedisBinaries('a catalog shared through a Redis Cluster', () => {
  let cluster: RedisClusterProcesses;
  let containers: Container[];
  const cleanups: (() => void)[] = [];
  let server: OpenAiServer;
  let prefix: string;

  beforeAll(async () => {
    cluster = new RedisClusterProcesses();
    await cluster.start();
  }, 60_000);

  afterAll(async () => {
    await cluster.stop();
  });

  beforeEach(async () => {
    containers = [];
    prefix = `scoped-models-test:${randomUUID()}`;
    server = await startOpenAiServer({ models: ['gpt-4o', 'o3'] });
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await Promise.all(containers.map((container) => container.unbindAllAsync()));
    await server.close();
  });

  function instance(): ProviderManager {
    // Only one seed node: the client discovers the others.
    const config: ScopedModelsConfigInput = {
      providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl, apiKey: 'k' }],
      discovery: { retries: 0 },
      // A starved CI host can take over the default second for a command; timeouts are not this file's subject.
      store: { type: 'redis', nodes: [cluster.urls[1]!], prefix, pollMs: 200, commandTimeoutMs: 5_000 },
    };
    const container = createContainer({ env: 'test', config });
    containers.push(container);
    return container.get<ProviderManager>(TYPES.ProviderManager);
  }

  it('should show one instance\'s discovery in another, with every key of the prefix in one slot', async () => {
    // Changes are announced on the prefix's hash-tagged channel.
    const heard: string[] = [];
    const listener = createClient({ url: cluster.urls[0]! });
    listener.on('error', () => {});
    await listener.connect();
    cleanups.push(() => listener.destroy());
    await listener.subscribe(`{${prefix}}:changes`, (message) => heard.push(message));
    const a = instance();
    const b = instance();
    await Promise.all([a.ready(), b.ready()]);
    const report = await a.discoverModels();
    expect(report.providers[0]?.status).toBe('ok');
    await eventually(() => expect(b.validScopedModels()).toEqual(['openai/gpt-4o', 'openai/o3']), 5000);
    const owner = await cluster.ownerOf(`{${prefix}}:generation`);
    const slot = String(await owner.command(['CLUSTER', 'KEYSLOT', `{${prefix}}`]));
    // The generation and the entry: both on the one slot of the hash tag.
    expect(Number(await owner.command(['CLUSTER', 'COUNTKEYSINSLOT', slot]))).toBe(2);
    expect(server.modelRequests).toBe(1);
    await eventually(() => expect(heard).not.toEqual([]), 15_000);
  }, 30_000);

  it('should lose nothing when the node holding the catalog restarts', async () => {
    const a = instance();
    await a.ready();
    await a.discoverModels();
    const owner = await cluster.ownerOf(`{${prefix}}:generation`);
    await owner.stop();
    await owner.start();
    await cluster.whenHealthy();

    // A fresh instance finds the list in the store, without asking the provider.
    const c = instance();
    await eventually(async () => {
      await c.ready();
      expect(c.validScopedModels()).toEqual(['openai/gpt-4o', 'openai/o3']);
    }, 10_000);
    expect(server.modelRequests).toBe(1);

    // And commits resume: a new model reaches the other instance.
    server.setModels(['gpt-4o', 'o3', 'gpt-5']);
    await eventually(async () => {
      const report = await a.discoverModels();
      expect(report.providers[0]?.status).toBe('ok');
      expect(c.validScopedModels()).toContain('openai/gpt-5');
    }, 10_000);
  }, 60_000);
});

import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Container } from 'inversify';
import type { ScopedModelsConfigInput } from '../../../src/config/schema.js';
import { createContainer } from '../../../src/container/createContainer.js';
import type { Logger } from '../../../src/logging/Logger.js';
import type { ProviderManager } from '../../../src/manager/ProviderManager.js';
import { TYPES } from '../../../src/tokens.js';
import { Deferred } from '../../helpers/Deferred.js';
import { type FakeServer, type OpenAiServer, sendJson, startFakeServer, startOpenAiServer } from '../../helpers/fakeProviderServer.js';
import {
  type AdminClient,
  deletePrefix,
  describeRedis,
  eventually,
  killClients,
  REDIS_URL,
  redisAdmin,
  uniquePrefix,
} from '../../helpers/redis.js';
import { type RedisProxy, startRedisProxy } from '../../helpers/redisProxy.js';

/**
 * The cross-instance guarantees of issue 5, end to end: containers built by `createContainer`
 * with `config.store = { type: 'redis', … }`, real providers over HTTP, the real redis-server.
 * The child-process test runs the built package (`dist/`, made by `npm test`; set
 * SCOPED_MODELS_DIST to use another build).
 */

const API_KEY = 'sk-test-key';
/**
 * How long a test waits for another instance to show a commit. Far below the 60 s poll the
 * tests set, so only pub/sub (or the reconnection check) can deliver it in time; how fast it
 * arrives is the benchmarks' business (`instances`), not a test's.
 */
const DELIVERED_WITHIN_MS = 10_000;

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  readonly infos: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
  info(message: string): void {
    this.infos.push(message);
  }
}

/** Resolves once `manager` offers every id of `ids` (checked now and after each change); rejects after `timeoutMs`. */
function whenOffered(manager: ProviderManager, ids: readonly string[], timeoutMs = DELIVERED_WITHIN_MS): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const offered = (): boolean => ids.every((id) => manager.validScopedModels().includes(id));
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`not offered within ${timeoutMs} ms: ${ids.join(', ')}; offered: ${manager.validScopedModels().join(', ')}`));
    }, timeoutMs);
    const unsubscribe = manager.onChange(() => {
      if (offered()) finish();
    });
    if (offered()) finish();
  });
}

await describeRedis('a catalog shared through Redis', () => {
  let admin: AdminClient;
  let prefix: string;
  let servers: FakeServer[];
  let proxies: RedisProxy[];
  let containers: Container[];

  beforeAll(async () => {
    admin = await redisAdmin();
  });

  afterAll(() => {
    admin.destroy();
  });

  beforeEach(() => {
    prefix = uniquePrefix();
    servers = [];
    proxies = [];
    containers = [];
  });

  afterEach(async () => {
    await Promise.all(containers.map((container) => container.unbindAllAsync()));
    await Promise.all([...servers, ...proxies].map((closable) => closable.close()));
    await deletePrefix(admin, prefix);
  });

  async function openAiServer(models: string[], delayMs = 0): Promise<OpenAiServer> {
    const server = await startOpenAiServer({ models, apiKey: API_KEY, delayMs });
    servers.push(server);
    return server;
  }

  async function proxy(): Promise<RedisProxy> {
    const started = await startRedisProxy();
    proxies.push(started);
    return started;
  }

  function config(
    providers: { name: string; baseUrl: string }[],
    options: { url?: string; pollMs?: number; refreshIntervalMs?: number } = {},
  ): ScopedModelsConfigInput {
    return {
      providers: providers.map(({ name, baseUrl }) => ({ name, type: 'openai-compatible', baseUrl, apiKey: API_KEY })),
      discovery: {
        timeoutMs: 5000,
        requestTimeoutMs: 4000,
        retries: 0,
        ...(options.refreshIntervalMs === undefined ? {} : { refreshIntervalMs: options.refreshIntervalMs }),
      },
      store: { type: 'redis', url: options.url ?? REDIS_URL, prefix, pollMs: options.pollMs ?? 60_000 },
    };
  }

  /** One instance: its own container, so its own store, bus and connections. */
  function instance(input: ScopedModelsConfigInput, logger?: Logger): ProviderManager {
    const container = createContainer({ env: 'test', config: input });
    if (logger !== undefined) container.rebind<Logger>(TYPES.Logger).toConstantValue(logger);
    containers.push(container);
    return container.get<ProviderManager>(TYPES.ProviderManager);
  }

  describe('when one instance discovers', () => {
    it('should show the list in another instance through pub/sub alone (no poll)', async () => {
      const server = await openAiServer(['gpt-4o', 'o3']);
      const shared = config([{ name: 'openai', baseUrl: server.baseUrl }], { pollMs: 60_000 });
      const a = instance(shared);
      const b = instance(shared);
      await Promise.all([a.ready(), b.ready()]);
      expect(b.validScopedModels()).toEqual([]);

      const seen = whenOffered(b, ['openai/gpt-4o', 'openai/o3']);
      const report = await a.discoverModels();
      expect(report.providers.map((p) => p.status)).toEqual(['ok']);
      await seen;
      expect(server.modelRequests).toBe(1);
    });
  });

  describe('when the instances are two OS processes', () => {
    it('should show each one’s discovery in the other through pub/sub (no poll)', async () => {
      const parentServer = await openAiServer(['parent-model']);
      const childServer = await openAiServer(['child-model']);
      const shared = config(
        [
          { name: 'parent', baseUrl: parentServer.baseUrl },
          { name: 'child', baseUrl: childServer.baseUrl },
        ],
        { pollMs: 60_000 },
      );
      const parent = instance(shared);
      await parent.ready();
      const child = spawnInstance(shared, ['parent/parent-model']);
      try {
        await child.next('ready');
        const seenByParent = whenOffered(parent, ['child/child-model']);
        child.send('discover child');
        await child.next('discovered');
        await seenByParent;

        child.send('watch');
        await child.next('watching');
        await parent.discoverModels(['parent']);
        await child.next('saw');
        expect([parentServer.modelRequests, childServer.modelRequests]).toEqual([1, 1]);
      } finally {
        await child.stop();
      }
    });
  });

  describe('when ten instances start at once with a refresh interval', () => {
    it('should make one upstream request per provider, and every instance should show both lists', async () => {
      const openai = await openAiServer(['gpt-4o'], 150);
      const groq = await openAiServer(['llama-3.1-70b'], 150);
      const shared = config(
        [
          { name: 'openai', baseUrl: openai.baseUrl },
          { name: 'groq', baseUrl: groq.baseUrl },
        ],
        { refreshIntervalMs: 60_000 },
      );
      const logger = new RecordingLogger();
      const managers = Array.from({ length: 10 }, () => instance(shared, logger));
      await Promise.all(managers.map((manager) => whenOffered(manager, ['openai/gpt-4o', 'groq/llama-3.1-70b'], 5000)));
      // An instance that cannot reach Redis discovers alone (by design): the warnings say why if so.
      expect({ requests: [openai.modelRequests, groq.modelRequests], warnings: logger.warnings }).toEqual({ requests: [1, 1], warnings: [] });
    });
  });

  describe('when an older discovery finishes after a newer one', () => {
    it('should not overwrite it: the late instance adopts the newer list', async () => {
      const firstArrived = new Deferred<void>();
      const releaseFirst = new Deferred<void>();
      let requests = 0;
      const server = await startFakeServer(async (_req, res) => {
        requests++;
        const ids = requests === 1 ? ['old-model'] : ['new-model'];
        if (requests === 1) {
          firstArrived.resolve();
          await releaseFirst.promise;
        }
        sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1, owned_by: 'x' })) });
      });
      servers.push(server);
      const shared = config([{ name: 'vllm', baseUrl: `${server.url}/v1` }]);
      const slow = instance(shared);
      const fast = instance(shared);
      await Promise.all([slow.ready(), fast.ready()]);

      const slowDiscovery = slow.discoverModels();
      await firstArrived.promise;
      // As if the slow holder's lock had expired: the next discovery may take it.
      for await (const keys of admin.scanIterator({ MATCH: `${prefix}:lock:*` })) if (keys.length > 0) await admin.del(keys);
      const fastReport = await fast.discoverModels();
      expect(fastReport.providers[0]?.status).toBe('ok');
      expect(fast.validScopedModels()).toEqual(['vllm/new-model']);

      releaseFirst.resolve();
      const slowReport = await slowDiscovery;
      expect(slowReport.providers[0]?.status).toBe('ok');
      expect(slow.validScopedModels()).toEqual(['vllm/new-model']);
      expect(fast.validScopedModels()).toEqual(['vllm/new-model']);
      const stored: string[] = [];
      for await (const keys of admin.scanIterator({ MATCH: `${prefix}:entry:*` })) {
        for (const key of keys) stored.push(...(JSON.parse((await admin.get(key)) ?? '{}') as { models: { id: string }[] }).models.map((m) => m.id));
      }
      expect(stored).toEqual(['new-model']);
    });
  });

  describe('when a subscriber connection is lost while another instance commits', () => {
    it('should converge through the reconnection check after CLIENT KILL', async () => {
      const server = await openAiServer(['gpt-4o']);
      const shared = config([{ name: 'openai', baseUrl: server.baseUrl }], { pollMs: 60_000 });
      const a = instance(shared);
      const b = instance(shared);
      await Promise.all([a.ready(), b.ready()]);
      await eventually(async () => expect(await killClients(admin, `${prefix}:subscriber`)).toBe(2));
      const seen = whenOffered(b, ['openai/gpt-4o']);
      await a.discoverModels();
      await seen;
    });

    it('should converge when the message was certainly lost (the connection was down while A committed)', async () => {
      const server = await openAiServer(['gpt-4o']);
      const cut = await proxy();
      const a = instance(config([{ name: 'openai', baseUrl: server.baseUrl }], { pollMs: 60_000 }));
      const b = instance(config([{ name: 'openai', baseUrl: server.baseUrl }], { pollMs: 60_000, url: cut.url }));
      await Promise.all([a.ready(), b.ready()]);
      await cut.refuse();
      await a.discoverModels();
      expect(b.validScopedModels()).toEqual([]);
      const seen = whenOffered(b, ['openai/gpt-4o']);
      await cut.accept();
      await seen;
    });
  });

  describe('when Redis becomes unreachable', () => {
    it('should keep serving, discover locally, report the outage once, and write what it found when Redis returns', async () => {
      const server = await openAiServer(['gpt-4o']);
      const cut = await proxy();
      const logger = new RecordingLogger();
      const shared = config([{ name: 'openai', baseUrl: server.baseUrl }], { pollMs: 100, url: cut.url });
      const a = instance(shared, logger);
      await a.ready();
      await a.discoverModels();
      expect(a.validScopedModels()).toEqual(['openai/gpt-4o']);

      await cut.refuse();
      expect(a.validScopedModels()).toEqual(['openai/gpt-4o']);
      server.setModels(['gpt-4o', 'gpt-5']);
      const report = await a.discoverModels();
      expect(report.providers[0]?.status).toBe('ok');
      expect(a.validScopedModels()).toEqual(['openai/gpt-4o', 'openai/gpt-5']);
      await a.discoverModels();
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/unavailable/);

      await cut.accept();
      await eventually(async () => {
        const loaded: string[] = [];
        for await (const keys of admin.scanIterator({ MATCH: `${prefix}:entry:*` })) {
          for (const key of keys) loaded.push(...(JSON.parse((await admin.get(key)) ?? '{}') as { models: { id: string }[] }).models.map((m) => m.id));
        }
        expect(loaded).toEqual(['gpt-4o', 'gpt-5']);
      }, 5000);
      expect(logger.warnings).toHaveLength(1);
      expect(logger.infos.filter((message) => /reachable again/.test(message))).toHaveLength(1);

      const late = instance(config([{ name: 'openai', baseUrl: server.baseUrl }]));
      await late.ready();
      expect(late.validScopedModels()).toEqual(['openai/gpt-4o', 'openai/gpt-5']);
    });
  });
});

interface ChildInstance {
  /** Resolves with the next line the child prints that starts with `word`. */
  next(word: string): Promise<string>;
  send(line: string): void;
  stop(): Promise<void>;
}

/**
 * Another OS process running one instance from the built package. It answers lines on stdin:
 * `discover <provider>` → `discovered`; `watch` → `watching`, then `saw` once it offers `watchFor`.
 */
function spawnInstance(input: ScopedModelsConfigInput, watchFor: string[]): ChildInstance {
  const dist = process.env['SCOPED_MODELS_DIST'] ?? join(process.cwd(), 'dist');
  const script = `
    import 'reflect-metadata';
    import { createInterface } from 'node:readline';
    import { createContainer, TYPES } from ${JSON.stringify(join(dist, 'index.js'))};
    const [config, watchFor] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2])];
    const container = createContainer({ env: 'test', config });
    const manager = container.get(TYPES.ProviderManager);
    await manager.ready();
    console.log('ready');
    for await (const line of createInterface({ input: process.stdin })) {
      const [command, argument] = line.split(' ');
      if (command === 'discover') {
        await manager.discoverModels([argument]);
        console.log('discovered');
      } else if (command === 'watch') {
        const offered = () => watchFor.every((id) => manager.validScopedModels().includes(id));
        console.log('watching');
        await new Promise((resolve) => {
          const off = manager.onChange(() => { if (offered()) { off(); resolve(); } });
          if (offered()) { off(); resolve(); }
        });
        console.log('saw');
      } else if (command === 'exit') {
        break;
      }
    }
    await container.unbindAllAsync();
  `;
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(input), JSON.stringify(watchFor)],
    { stdio: 'pipe' },
  );
  const lines: string[] = [];
  const waiting: { word: string; deferred: Deferred<string> }[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code) => {
      for (const { deferred } of waiting) deferred.reject(new Error(`the child exited (${String(code)}): ${stderr}`));
      resolve();
    });
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const index = waiting.findIndex(({ word }) => line.startsWith(word));
    if (index >= 0) waiting.splice(index, 1)[0]?.deferred.resolve(line);
    else lines.push(line);
  });
  return {
    next(word) {
      const earlier = lines.findIndex((line) => line.startsWith(word));
      if (earlier >= 0) return Promise.resolve(lines.splice(earlier, 1)[0]!);
      const deferred = new Deferred<string>();
      waiting.push({ word, deferred });
      return deferred.promise;
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    async stop() {
      if (child.exitCode === null) {
        child.stdin.end('exit\n');
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

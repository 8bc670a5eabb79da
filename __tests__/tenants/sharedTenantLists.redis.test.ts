import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import type { Container } from 'inversify';
import { createContainer } from '../../src/container/createContainer.js';
import type { Logger } from '../../src/logging/Logger.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import { TYPES } from '../../src/tokens.js';
import { type AdminClient, deletePrefix, describeRedis, REDIS_URL, redisAdmin, uniquePrefix } from '../helpers/redis.js';
import { rejectionOf } from '../helpers/thrownBy.js';
import { trackServers } from '../helpers/trackServers.js';
import { startKeyedProviderServer, type KeyedProviderServer } from './keyedProviderServer.js';
import { RecordingLogger } from './tenantManager.js';

const CONFIGURED = 'sk-configured-c0ffee';
const ALICE = 'sk-alice-a11ce-a11ce';
const REFUSED = 'sk-refused-dead-beef';
const SECRET = 'a-fingerprint-secret-of-at-least-32-characters';
const KEYS = [CONFIGURED, ALICE, REFUSED];

const track = trackServers();
const containers: Container[] = [];
const prefixes: string[] = [];

/** One instance: its own container and Redis connection, on the shared prefix. */
function instance(server: KeyedProviderServer, prefix: string, secret: boolean): { manager: ProviderManager; logger: RecordingLogger } {
  const container = createContainer({
    env: 'test',
    config: {
      providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl, apiKey: CONFIGURED, tenantKeys: 'optional' }],
      discovery: { retries: 0 },
      store: { type: 'redis', url: REDIS_URL, prefix },
      ...(secret ? { tenants: { fingerprintSecretEnv: 'TENANT_FINGERPRINT_SECRET' } } : {}),
    },
    environment: secret ? { TENANT_FINGERPRINT_SECRET: SECRET } : {},
  });
  const logger = new RecordingLogger();
  container.rebind<Logger>(TYPES.Logger).toConstantValue(logger);
  containers.push(container);
  return { manager: container.get<ProviderManager>(TYPES.ProviderManager), logger };
}

/** Every key under `prefix` and every value (strings and hashes), as text. */
async function everythingUnder(client: AdminClient, prefix: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) {
    for (const key of batch) {
      texts.push(key);
      const type = await client.type(key);
      if (type === 'string') texts.push((await client.get(key)) ?? '');
      else if (type === 'hash') texts.push(JSON.stringify(await client.hGetAll(key)));
      else texts.push(`<${type}>`);
    }
  }
  return texts;
}

await describeRedis('TenantView with a shared Redis store', () => {
  let admin: AdminClient;
  beforeAll(async () => {
    admin = await redisAdmin();
  });
  afterAll(() => {
    admin.destroy();
  });
  // Every test's keys go, whether or not it looked at them.
  afterEach(async () => {
    await Promise.all(containers.splice(0).map((container) => container.unbindAllAsync()));
    for (const prefix of prefixes.splice(0)) await deletePrefix(admin, prefix);
  });

  it('should let another instance use a tenant list without fetching, when a fingerprint secret is configured', async () => {
    const server = await track(startKeyedProviderServer({ [CONFIGURED]: ['gpt-4o'], [ALICE]: ['gpt-4o', 'ft:gpt-4o:alice::1'] }));
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const first = instance(server, prefix, true);
    const second = instance(server, prefix, true);
    await Promise.all([first.manager.ready(), second.manager.ready()]);

    await first.manager.forTenant({ id: 'alice', keys: { openai: ALICE } }).ready();
    const elsewhere = second.manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
    await elsewhere.ready();

    expect(server.requestsFor(ALICE)).toBe(1);
    expect(elsewhere.validScopedModels()).toEqual(['openai/ft:gpt-4o:alice::1', 'openai/gpt-4o']);
  });

  it('should ask the provider once when instances need the same key at the same time', async () => {
    const server = await track(startKeyedProviderServer({ [CONFIGURED]: ['gpt-4o'], [ALICE]: ['gpt-4o', 'ft:gpt-4o:alice::1'] }, { delayMs: 300 }));
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const instances = [instance(server, prefix, true), instance(server, prefix, true), instance(server, prefix, true)];
    await Promise.all(instances.map(({ manager }) => manager.ready()));

    const views = instances.map(({ manager }) => manager.forTenant({ id: 'alice', keys: { openai: ALICE } }));
    await Promise.all(views.map((view) => view.ready()));

    expect(server.requestsFor(ALICE)).toBe(1);
    for (const view of views) expect(view.validScopedModels()).toEqual(['openai/ft:gpt-4o:alice::1', 'openai/gpt-4o']);
  });

  it('should keep tenant lists in the process when no fingerprint secret is configured', async () => {
    const server = await track(startKeyedProviderServer({ [CONFIGURED]: ['gpt-4o'], [ALICE]: ['gpt-4o', 'ft:gpt-4o:alice::1'] }));
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const first = instance(server, prefix, false);
    const second = instance(server, prefix, false);
    await Promise.all([first.manager.ready(), second.manager.ready()]);
    await first.manager.discoverModels();

    await first.manager.forTenant({ id: 'alice', keys: { openai: ALICE } }).ready();
    await second.manager.forTenant({ id: 'alice', keys: { openai: ALICE } }).ready();

    expect(server.requestsFor(ALICE)).toBe(2);
    const entries = (await everythingUnder(admin, prefix)).filter((text) => text.startsWith(`${prefix}:entry:`));
    // Only the shared list, under its 16-digit config fingerprint; a tenant's would carry 64 digits.
    expect(entries.map((key) => key.slice(`${prefix}:entry:openai@`.length).length)).toEqual([16]);
  });

  it('should never put a key in Redis, a log line, a report, a status or an error', async () => {
    const server = await track(startKeyedProviderServer({ [CONFIGURED]: ['gpt-4o'], [ALICE]: ['gpt-4o', 'ft:gpt-4o:alice::1'] }));
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const { manager, logger } = instance(server, prefix, true);
    await manager.ready();
    const said: string[] = [];

    said.push(JSON.stringify(await manager.discoverModels()));
    for (const key of [ALICE, REFUSED]) {
      const view = manager.forTenant({ id: `tenant-${key.length}`, keys: { openai: key } });
      await view.ready();
      said.push(JSON.stringify(await view.discoverModels()), JSON.stringify(view.providerStatus()), JSON.stringify(view.validScopedModels()));
      said.push(JSON.stringify(view), inspect(view, { showHidden: true, depth: 4 }));
      const refused = await rejectionOf(view.discoverModels(['nope']));
      said.push(refused instanceof Error ? `${refused.message} ${refused.stack ?? ''}` : String(refused));
    }
    const stored = await everythingUnder(admin, prefix);

    expect(stored.some((text) => text.startsWith(`${prefix}:entry:openai@`) && text.length > `${prefix}:entry:openai@`.length + 60)).toBe(true);
    expect(said.join('\n')).toContain('refused (401)');
    for (const key of KEYS) {
      expect(stored.filter((text) => text.includes(key))).toEqual([]);
      expect(logger.lines.filter((line) => line.includes(key))).toEqual([]);
      expect(said.filter((text) => text.includes(key))).toEqual([]);
    }
  });
});

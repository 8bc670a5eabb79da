import { afterEach, describe, expect, it } from '@jest/globals';
import { ScopedModelsError } from '../../src/errors/ScopedModelsError.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelsChange } from '../../src/manager/types.js';
import { createContainer } from '../../src/container/createContainer.js';
import { TYPES } from '../../src/tokens.js';
import { sendJson, startFakeServer } from '../helpers/fakeProviderServer.js';
import { trackServers } from '../helpers/trackServers.js';
import { startKeyedProviderServer, type KeyedProviderServer } from './keyedProviderServer.js';
import { tenantManager, type TenantSetup } from './tenantManager.js';

const track = trackServers();
const managers: ProviderManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

const CONFIGURED = 'sk-configured-0000';
const ALICE = 'sk-alice-1111';
const BOB = 'sk-bob-2222';

async function openAi(): Promise<KeyedProviderServer> {
  return track(
    startKeyedProviderServer({
      [CONFIGURED]: ['gpt-4o'],
      [ALICE]: ['gpt-4o', 'ft:gpt-4o:alice::1'],
      [BOB]: ['gpt-4o', 'ft:gpt-4o:bob::2'],
    }),
  );
}

/** One openai provider (with `mode`) and one static provider that tenants never key. */
async function setup(mode: 'none' | 'optional' | 'required', tenants?: { maxCredentials?: number; ttlMs?: number }): Promise<TenantSetup & { server: KeyedProviderServer }> {
  const server = await openAi();
  const built = tenantManager({
    providers: [
      { name: 'openai', type: 'openai', baseUrl: server.baseUrl, apiKey: CONFIGURED, tenantKeys: mode },
      { name: 'local', type: 'static', models: ['llama3'] },
    ],
    ...(tenants === undefined ? {} : { tenants }),
  });
  managers.push(built.manager);
  await built.manager.discoverModels();
  return { ...built, server };
}

describe('ProviderManager', () => {
  describe('.forTenant', () => {
    describe('when the provider\'s tenantKeys is "none"', () => {
      it('should show every tenant the shared list and never use a tenant\'s key', async () => {
        const { manager, server } = await setup('none');
        const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });

        await view.ready();

        expect(view.validScopedModels()).toEqual(['local/llama3', 'openai/gpt-4o']);
        expect(server.requestsFor(ALICE)).toBe(0);
      });
    });

    describe('when the provider\'s tenantKeys is "optional"', () => {
      it('should show each tenant the list of its own key, and a tenant without a key the shared list', async () => {
        const { manager } = await setup('optional');
        const alice = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
        const bob = manager.forTenant({ id: 'bob', keys: { openai: BOB } });
        const carol = manager.forTenant({ id: 'carol', keys: {} });

        await Promise.all([alice.ready(), bob.ready(), carol.ready()]);

        expect(alice.validScopedModels()).toEqual(['local/llama3', 'openai/ft:gpt-4o:alice::1', 'openai/gpt-4o']);
        expect(bob.validScopedModels()).toEqual(['local/llama3', 'openai/ft:gpt-4o:bob::2', 'openai/gpt-4o']);
        expect(carol.validScopedModels()).toEqual(['local/llama3', 'openai/gpt-4o']);
      });

      it('should never show a tenant a model of a key it does not hold', async () => {
        const { manager } = await setup('optional');
        const alice = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
        const bob = manager.forTenant({ id: 'bob', keys: { openai: BOB } });
        await Promise.all([alice.ready(), bob.ready()]);

        expect(bob.modelInfo('openai/ft:gpt-4o:alice::1')).toBeUndefined();
        expect(alice.modelInfo('openai/ft:gpt-4o:alice::1')?.model).toBe('ft:gpt-4o:alice::1');
        expect(manager.validScopedModels()).toEqual(['local/llama3', 'openai/gpt-4o']);
      });

      it('should ignore a blank key and keys of providers that are not configured', async () => {
        const { manager, server } = await setup('optional');
        const view = manager.forTenant({ id: 'dave', keys: { openai: '  ', nope: ALICE } });

        await view.ready();

        expect(view.validScopedModels()).toEqual(['local/llama3', 'openai/gpt-4o']);
        expect(server.requestsFor(ALICE)).toBe(0);
      });
    });

    describe('when the provider\'s tenantKeys is "required"', () => {
      it('should hide the provider from a tenant without a key, saying why, and never lend the configured key', async () => {
        const { manager, server } = await setup('required');
        const before = server.requestsFor(CONFIGURED);
        const view = manager.forTenant({ id: 'carol', keys: {} });

        await view.ready();

        expect(view.validScopedModels()).toEqual(['local/llama3']);
        expect(view.modelInfo('openai/gpt-4o')).toBeUndefined();
        expect(view.providerStatus().find((row) => row.name === 'openai')).toMatchObject({
          available: false,
          models: 0,
          unavailableReason: expect.stringContaining('needs the tenant\'s own API key'),
        });
        expect(server.requestsFor(CONFIGURED)).toBe(before);
      });

      it('should show a tenant with a key its own list', async () => {
        const { manager } = await setup('required');
        const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });

        await view.ready();

        expect(view.validScopedModels()).toEqual(['local/llama3', 'openai/ft:gpt-4o:alice::1', 'openai/gpt-4o']);
      });
    });

    describe('when tenants share a key', () => {
      it('should ask the provider once and hand every tenant the same frozen array', async () => {
        const { manager, server } = await setup('optional');
        const views = Array.from({ length: 20 }, (_, index) => manager.forTenant({ id: `member-${index}`, keys: { openai: ALICE } }));

        for (const view of views) view.validScopedModels();
        await Promise.all(views.map((view) => view.ready()));

        expect(server.requestsFor(ALICE)).toBe(1);
        const lists = views.map((view) => view.validScopedModels());
        expect(new Set(lists).size).toBe(1);
        expect(Object.isFrozen(lists[0])).toBe(true);
        await manager.forTenant({ id: 'late', keys: { openai: ALICE } }).ready();
        expect(server.requestsFor(ALICE)).toBe(1);
      });
    });

    describe('before its list arrives', () => {
      it('should answer at once with the shared lists and fetch its own in the background', async () => {
        const { manager, server } = await setup('optional');
        const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });

        const first = view.validScopedModels();

        expect(first).toEqual(['local/llama3']);
        expect(view.validScopedModels()).toBe(first);
        await view.ready();
        expect(server.requestsFor(ALICE)).toBe(1);
        expect(view.validScopedModels()).toContain('openai/ft:gpt-4o:alice::1');
      });
    });

    describe('when the manager was built without tenant support', () => {
      it('should throw an error that says how to get it', async () => {
        const { manager } = await setup('optional');
        const { ProviderManager } = await import('../../src/manager/ProviderManager.js');
        const { NullSentinelModelCache } = await import('../../src/cache/NullSentinelModelCache.js');
        const { parseConfig } = await import('../../src/config/parseConfig.js');
        const bare = new ProviderManager(parseConfig({}), new NullSentinelModelCache(), []);
        managers.push(bare);

        expect(() => bare.forTenant({ id: 'x', keys: {} })).toThrow(ScopedModelsError);
        expect(() => bare.forTenant({ id: 'x', keys: {} })).toThrow(/createContainer/);
        expect(manager.forTenant({ id: 'x', keys: {} }).tenantId).toBe('x');
      });
    });
  });
});

describe('TenantView', () => {
  describe('.discoverModels', () => {
    it('should refresh the view\'s own credentials and report each provider', async () => {
      const { manager, server } = await setup('optional');
      const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
      await view.ready();
      server.lists.set(ALICE, ['gpt-4o', 'ft:gpt-4o:alice::3']);

      const report = await view.discoverModels();

      expect(report.providers).toEqual([
        expect.objectContaining({ name: 'local', status: 'skipped', code: 'shared' }),
        expect.objectContaining({ name: 'openai', status: 'ok', models: 2, added: ['openai/ft:gpt-4o:alice::3'], removed: ['openai/ft:gpt-4o:alice::1'] }),
      ]);
      expect(view.validScopedModels()).toEqual(['local/llama3', 'openai/ft:gpt-4o:alice::3', 'openai/gpt-4o']);
    });

    it('should reject names that are not configured', async () => {
      const { manager } = await setup('optional');

      await expect(manager.forTenant({ id: 'alice', keys: {} }).discoverModels(['nope'])).rejects.toThrow(/unknown provider "nope"/);
    });
  });

  describe('.onChange', () => {
    it('should tell a view when its own list arrives, and not when another tenant\'s does', async () => {
      const { manager } = await setup('optional');
      const alice = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
      const bob = manager.forTenant({ id: 'bob', keys: { openai: BOB } });
      const seen: ModelsChange[] = [];
      alice.onChange((change) => {
        seen.push(change);
      });

      await bob.ready();
      expect(seen).toEqual([]);
      const before = alice.generation;
      await alice.ready();

      expect(seen).toEqual([{ added: ['openai/ft:gpt-4o:alice::1', 'openai/gpt-4o'], removed: [], generation: alice.generation }]);
      expect(alice.generation).toBeGreaterThan(before);
    });
  });

  describe('when a tenant\'s key is refused', () => {
    it('should give that tenant a failed row saying so, not ask again on every read, and leave others untouched', async () => {
      const { manager, server, clock } = await setup('optional');
      const mallory = manager.forTenant({ id: 'mallory', keys: { openai: 'sk-revoked-9999' } });
      const alice = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });

      await Promise.all([mallory.ready(), alice.ready()]);
      for (let read = 0; read < 10; read++) manager.forTenant({ id: 'mallory', keys: { openai: 'sk-revoked-9999' } }).validScopedModels();
      await mallory.ready();

      expect(server.requestsFor('sk-revoked-9999')).toBe(1);
      expect(mallory.providerStatus().find((row) => row.name === 'openai')).toMatchObject({
        state: 'failed',
        lastError: { code: 'auth', message: expect.stringContaining('the key this tenant gave was refused (401)') },
      });
      expect(mallory.validScopedModels()).toEqual(['local/llama3']);
      expect(alice.validScopedModels()).toContain('openai/ft:gpt-4o:alice::1');
      expect(manager.validScopedModels()).toEqual(['local/llama3', 'openai/gpt-4o']);

      clock.advance(60_000);
      await mallory.ready();
      expect(server.requestsFor('sk-revoked-9999')).toBe(2);
    });
  });

  describe('when a list is older than tenants.ttlMs', () => {
    it('should keep answering with it and fetch it again once, in the background', async () => {
      const { manager, server, clock } = await setup('optional', { ttlMs: 10_000 });
      const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
      await view.ready();
      server.lists.set(ALICE, ['gpt-4o', 'ft:gpt-4o:alice::2']);

      clock.advance(9_999);
      await view.ready();
      expect(server.requestsFor(ALICE)).toBe(1);
      clock.advance(1);
      const stale = view.validScopedModels();
      view.validScopedModels();
      await view.ready();

      expect(stale).toContain('openai/ft:gpt-4o:alice::1');
      expect(server.requestsFor(ALICE)).toBe(2);
      expect(view.validScopedModels()).toContain('openai/ft:gpt-4o:alice::2');
    });
  });

  describe('when more credentials are used than tenants.maxCredentials', () => {
    it('should let the least recently used go and fetch it again on its next use', async () => {
      const server = await track(startKeyedProviderServer({ k1: ['a'], k2: ['b'], k3: ['c'] }));
      const { manager } = tenantManager({
        providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl, tenantKeys: 'required' }],
        tenants: { maxCredentials: 2 },
      });
      managers.push(manager);
      const view = (key: string) => manager.forTenant({ id: key, keys: { openai: key } });

      await view('k1').ready();
      const held = view('k2');
      await held.ready();
      await view('k1').ready();
      await view('k3').ready();
      expect(server.requestsFor('k1')).toBe(1);
      // A view made before the eviction does not keep the list alive: it shows it again once fetched again.
      expect(held.validScopedModels()).toEqual([]);
      await held.ready();
      expect(held.validScopedModels()).toEqual(['openai/b']);

      expect(server.requestsFor('k2')).toBe(2);
      expect(view('k2').validScopedModels()).toEqual(['openai/b']);
      await view('k1').ready();
      expect(view('k1').validScopedModels()).toEqual(['openai/a']);
    });
  });

  describe('when the same key is given for providers at different base URLs', () => {
    it('should hold a list for each, fetched from each', async () => {
      const first = await track(startKeyedProviderServer({ shared: ['one'] }));
      const second = await track(startKeyedProviderServer({ shared: ['two'] }));
      const { manager } = tenantManager({
        providers: [
          { name: 'a', type: 'openai-compatible', baseUrl: first.baseUrl, tenantKeys: 'required' },
          { name: 'b', type: 'openai-compatible', baseUrl: second.baseUrl, tenantKeys: 'required' },
        ],
      });
      managers.push(manager);
      const view = manager.forTenant({ id: 't', keys: { a: 'shared', b: 'shared' } });

      await view.ready();

      expect(view.validScopedModels()).toEqual(['a/one', 'b/two']);
      expect([first.requestsFor('shared'), second.requestsFor('shared')]).toEqual([1, 1]);
    });
  });
});

describe('TenantView', () => {
  describe('when the provider fails after a good list', () => {
    it('should keep the last good list, report the failure, and wait before asking again', async () => {
      const { manager, server, clock } = await setup('optional');
      const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
      await view.ready();
      server.lists.delete(ALICE);

      const report = await view.discoverModels(['openai']);
      view.validScopedModels();
      await view.ready();

      expect(report.providers).toEqual([expect.objectContaining({ name: 'openai', status: 'failed', models: 2 })]);
      expect(view.validScopedModels()).toContain('openai/ft:gpt-4o:alice::1');
      expect(server.requestsFor(ALICE)).toBe(2);
      server.lists.set(ALICE, ['gpt-4o']);
      clock.advance(60_000);
      await view.ready();
      expect(view.validScopedModels()).toEqual(['local/llama3', 'openai/gpt-4o']);
    });
  });

  describe('when the provider does not answer within discovery.timeoutMs', () => {
    it('should give up by the injected clock with a timeout row', async () => {
      const hanging = await track(startFakeServer(() => {}));
      const { manager, clock } = tenantManager({
        providers: [{ name: 'slow', type: 'openai-compatible', baseUrl: `${hanging.url}/v1`, tenantKeys: 'required' }],
        discovery: { timeoutMs: 1_000 },
      });
      managers.push(manager);
      const view = manager.forTenant({ id: 'alice', keys: { slow: ALICE } });

      const ready = view.ready();
      await new Promise((resolve) => setTimeout(resolve, 50));
      clock.advance(1_000);
      await ready;

      expect(view.providerStatus()).toEqual([expect.objectContaining({ name: 'slow', state: 'failed', lastError: expect.objectContaining({ code: 'timeout' }) })]);
    });
  });

  describe('when the manager closes with a fetch in flight', () => {
    it('should stop it, and the view keeps answering', async () => {
      const hanging = await track(startFakeServer(() => {}));
      const { manager } = tenantManager({ providers: [{ name: 'slow', type: 'openai-compatible', baseUrl: `${hanging.url}/v1`, tenantKeys: 'required' }] });
      managers.push(manager);
      const view = manager.forTenant({ id: 'alice', keys: { slow: ALICE } });
      const ready = view.ready();

      await manager.close();
      await ready;

      expect(view.validScopedModels()).toEqual([]);
      expect(view.providerStatus()[0]).toMatchObject({ state: 'failed', lastError: { code: 'closed' } });
    });
  });

  describe('when built by createContainer', () => {
    it('should serve tenants with the configured tenantKeys', async () => {
      const server = await openAi();
      const container = createContainer({
        env: 'test',
        config: { providers: [{ name: 'openai', type: 'openai', baseUrl: server.baseUrl, tenantKeys: 'required' }] },
      });
      try {
        const manager = container.get<ProviderManager>(TYPES.ProviderManager);
        const view = manager.forTenant({ id: 'bob', keys: { openai: BOB } });

        await view.ready();

        expect(view.validScopedModels()).toEqual(['openai/ft:gpt-4o:bob::2', 'openai/gpt-4o']);
        expect(manager.validScopedModels()).toEqual([]);
      } finally {
        await container.unbindAllAsync();
      }
    });
  });
});

describe('TenantView', () => {
  describe('.validScopedModels', () => {
    describe('when given a query', () => {
      it('should answer it over the tenant\'s lists, the same frozen array each time', async () => {
        const { manager } = await setup('optional');
        const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
        await view.ready();

        const openaiOnly = view.validScopedModels({ providers: ['openai'] });
        const chat = view.validScopedModels({ capability: 'CHAT' });

        expect(openaiOnly).toEqual(['openai/ft:gpt-4o:alice::1', 'openai/gpt-4o']);
        expect(chat).toEqual(['local/llama3', 'openai/ft:gpt-4o:alice::1', 'openai/gpt-4o']);
        expect(view.validScopedModels({ providers: ['openai'] })).toBe(openaiOnly);
        expect(manager.forTenant({ id: 'alice-again', keys: { openai: ALICE } }).validScopedModels({ capability: 'chat' })).toBe(chat);
        expect(view.validScopedModels({ capability: 'embedding' })).toEqual([]);
      });
    });
  });

  describe('.onChange', () => {
    it('should stop calling a listener once it unsubscribes', async () => {
      const { manager } = await setup('optional');
      const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
      const seen: ModelsChange[] = [];
      const unsubscribe = view.onChange((change) => {
        seen.push(change);
      });

      unsubscribe();
      await view.ready();

      expect(seen).toEqual([]);
    });

    it('should pass on a change of a shared list it shows', async () => {
      const { manager, server } = await setup('optional');
      const view = manager.forTenant({ id: 'carol', keys: {} });
      const seen: ModelsChange[] = [];
      view.onChange((change) => {
        seen.push(change);
      });
      server.lists.set(CONFIGURED, ['gpt-4o', 'o3']);

      await manager.discoverModels();

      expect(seen).toEqual([{ added: ['openai/o3'], removed: [], generation: view.generation }]);
    });
  });
});

describe('TenantView', () => {
  describe('when a tenant\'s key cannot be sent', () => {
    it('should give a failed row that says so without showing the key, and back off', async () => {
      const { manager, server } = await setup('optional');
      const key = 'sk-line\nbreak-7777';
      const view = manager.forTenant({ id: 'eve', keys: { openai: key } });

      await view.ready();
      view.validScopedModels();

      const row = view.providerStatus().find((status) => status.name === 'openai');
      expect(row).toMatchObject({ state: 'failed', lastError: { code: 'invalid_key', message: expect.stringContaining('cannot carry') } });
      expect(JSON.stringify(row)).not.toContain('7777');
      expect(server.modelRequests).toBe(1);
      expect(view.validScopedModels()).toEqual(['local/llama3']);
    });
  });

  describe('when the provider answers something that is not a model list', () => {
    it('should report a bad response and show nothing of that provider yet', async () => {
      const liar = await track(startFakeServer((_req, res) => sendJson(res, 200, { data: [{ no: 'id' }] })));
      const { manager } = tenantManager({ providers: [{ name: 'liar', type: 'openai-compatible', baseUrl: `${liar.url}/v1`, tenantKeys: 'required' }] });
      managers.push(manager);
      const view = manager.forTenant({ id: 'alice', keys: { liar: ALICE } });

      const report = await view.discoverModels();

      expect(report.providers).toEqual([expect.objectContaining({ status: 'failed', code: 'bad_response', models: 0 })]);
      expect(view.validScopedModels()).toEqual([]);
    });
  });

  describe('when an onChange listener throws', () => {
    it('should log it and still call the other listeners', async () => {
      const { manager, logger } = await setup('optional');
      const view = manager.forTenant({ id: 'alice', keys: { openai: ALICE } });
      const calls: string[] = [];
      view.onChange(() => {
        throw new Error('listener broke');
      });
      view.onChange(() => {
        calls.push('second');
      });

      await view.ready();

      expect(calls).toEqual(['second']);
      expect(logger.lines).toContainEqual(expect.stringContaining('listener broke'));
    });
  });
});

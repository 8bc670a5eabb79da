import 'reflect-metadata';
import { getEventListeners } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { LruModelCache } from '../../src/cache/LruModelCache.js';
import type { ModelCache } from '../../src/cache/ModelCache.js';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { ProviderError } from '../../src/errors/ProviderError.js';
import { UnknownProviderError } from '../../src/errors/UnknownProviderError.js';
import { silentLogger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ProviderReport } from '../../src/manager/types.js';
import { ALL_MODELS_KEY } from '../../src/manager/queryKey.js';
import type { ModelProvider } from '../../src/providers/ModelProvider.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';
import { ControlledProvider, flush, ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { SpyModelCache } from '../helpers/SpyModelCache.js';

interface Setup {
  providers?: ModelProvider[];
  config?: ScopedModelsConfigInput;
  cache?: ModelCache;
  clock?: ManualClock;
}

function createManager(setup: Setup = {}): ProviderManager {
  return new ProviderManager(
    parseConfig(setup.config ?? {}),
    setup.cache ?? new NullSentinelModelCache(),
    setup.providers ?? [],
    setup.clock ?? new ManualClock(),
    silentLogger,
  );
}

const strategies: [string, () => ModelCache][] = [
  ['NullSentinelModelCache', () => new NullSentinelModelCache()],
  ['LruModelCache', () => new LruModelCache({ max: 8 })],
  ['a spy cache', () => new SpyModelCache(new NullSentinelModelCache())],
];

describe.each(strategies)('ProviderManager with %s', (_name, makeCache) => {
  const build = (setup: Omit<Setup, 'cache'> = {}) => {
    const cache = new SpyModelCache(makeCache());
    return { cache, manager: createManager({ ...setup, cache }) };
  };

  describe('.validScopedModels', () => {
    describe('when called twice with nothing in between', () => {
      it('should build once and return the very same frozen array, until the cache lets it go', () => {
        const { cache, manager } = build({ providers: [new StaticProvider('openai', ['gpt-4o', 'o3'])] });
        const first = manager.validScopedModels();
        const second = manager.validScopedModels();
        expect(second).toBe(first);
        expect(Object.isFrozen(first)).toBe(true);
        // The cache decides what is kept (an LRU evicts, a TTL expires): once it drops the list, the next read builds it again.
        cache.invalidate();
        const third = manager.validScopedModels();
        expect(third).not.toBe(first);
        expect(third).toEqual(first);
      });
    });

    describe('when the cached list is compared with a fresh build', () => {
      it('should hold the same content in the same order', () => {
        const providers = [new StaticProvider('openai', ['o3', 'gpt-4o']), new StaticProvider('anthropic', ['claude-b', 'claude-a'])];
        const cached = build({ providers }).manager;
        cached.validScopedModels();
        const fresh = createManager({ providers, cache: new SpyModelCache(new NullSentinelModelCache(), { neverHit: true }) });
        expect([...cached.validScopedModels()]).toEqual([...fresh.validScopedModels()]);
      });
    });

    it('should sort in code-unit order, not by locale', () => {
      const { manager } = build({ providers: [new StaticProvider('p', ['b', 'B', 'a', 'Z', 'é', '_x'])] });
      expect(manager.validScopedModels()).toEqual(['p/B', 'p/Z', 'p/_x', 'p/a', 'p/b', 'p/é']);
    });

    it('should sort across providers whose names prefix one another (a-b before a)', () => {
      const { manager } = build({
        providers: [new StaticProvider('a', ['x']), new StaticProvider('a-b', ['x']), new StaticProvider('A', ['x'])],
      });
      expect(manager.validScopedModels()).toEqual(['A/x', 'a-b/x', 'a/x']);
    });

    it('should drop duplicate ids', () => {
      const { manager } = build({ providers: [new StaticProvider('p', ['m', 'm', ' m '])] });
      expect(manager.validScopedModels()).toEqual(['p/m']);
    });

    it('should join with a configured separator and keep ids that hold / and :', () => {
      const { manager } = build({
        config: { separator: '::' },
        providers: [new StaticProvider('ollama', ['hf.co/org/repo:Q4_K_M', 'llama3.2:latest'])],
      });
      expect(manager.validScopedModels()).toEqual(['ollama::hf.co/org/repo:Q4_K_M', 'ollama::llama3.2:latest']);
      expect(manager.modelInfo('ollama::hf.co/org/repo:Q4_K_M')?.model).toBe('hf.co/org/repo:Q4_K_M');
    });

    describe('when providers are disabled or lack a key', () => {
      it('should leave them out', () => {
        const keyless = new ListProvider('keyless', ['m']);
        Object.assign(keyless, { unavailableReason: 'no API key: set KEYLESS_API_KEY' });
        const { manager } = build({
          config: { providers: [{ name: 'off', type: 'static', models: ['m'], enabled: false }] },
          providers: [new StaticProvider('off', ['m']), new StaticProvider('on', ['m']), keyless],
        });
        expect(manager.validScopedModels()).toEqual(['on/m']);
        expect(manager.modelInfo('off/m')).toBeUndefined();
      });
    });

    describe('when a provider has include and exclude globs', () => {
      it('should match the model id case-insensitively, * spanning /, and let exclude win', () => {
        const { manager } = build({
          config: {
            providers: [
              { name: 'or', type: 'static', models: ['x'], include: ['OPENAI/*', 'meta-*'], exclude: ['*:FREE'] },
            ],
          },
          providers: [new StaticProvider('or', ['openai/gpt-4o', 'openai/gpt-4o:free', 'meta-llama/llama-3', 'google/gemma'])],
        });
        expect(manager.validScopedModels()).toEqual(['or/meta-llama/llama-3', 'or/openai/gpt-4o']);
      });
    });

    describe('when asked for a query', () => {
      const providers = () => [
        new StaticProvider('openai', [{ id: 'gpt-4o' }, { id: 'text-embedding-3-small', capabilities: ['embedding'] }]),
        new StaticProvider('anthropic', ['claude']),
      ];

      it('should cache each distinct query under its own key', () => {
        const { cache, manager } = build({ providers: providers() });
        const all = manager.validScopedModels();
        const openai = manager.validScopedModels({ providers: ['openai'] });
        expect(openai).toEqual(['openai/gpt-4o', 'openai/text-embedding-3-small']);
        expect(all).toHaveLength(3);
        expect(new Set(cache.keys).size).toBe(2);
      });

      it('should treat provider order and duplicates as the same query', () => {
        const { cache, manager } = build({ providers: providers() });
        manager.validScopedModels({ providers: ['openai', 'anthropic'] });
        manager.validScopedModels({ providers: ['anthropic', 'openai', 'openai'] });
        expect(new Set(cache.keys).size).toBe(1);
      });

      it('should give an empty list for providers: [] and nothing for unknown names', () => {
        const { manager } = build({ providers: providers() });
        expect(manager.validScopedModels({ providers: [] })).toEqual([]);
        expect(manager.validScopedModels({ providers: ['nope', 'anthropic'] })).toEqual(['anthropic/claude']);
      });

      it('should count a model with no capability data as chat', () => {
        const { manager } = build({ providers: providers() });
        expect(manager.validScopedModels({ capability: 'chat' })).toEqual(['anthropic/claude', 'openai/gpt-4o']);
        expect(manager.validScopedModels({ capability: 'EMBEDDING' })).toEqual(['openai/text-embedding-3-small']);
      });

      it('should share the no-query key for an empty query object', () => {
        const { manager } = build({ providers: providers() });
        expect(manager.validScopedModels({})).toBe(manager.validScopedModels());
      });
    });

    describe('when there are no providers, or providers with no models', () => {
      it('should return an empty frozen list', () => {
        expect(build().manager.validScopedModels()).toEqual([]);
        const { manager } = build({ providers: [new StaticProvider('empty', []), new ControlledProvider('later')] });
        expect(manager.validScopedModels()).toEqual([]);
        expect(Object.isFrozen(manager.validScopedModels())).toBe(true);
      });
    });
  });

  describe('.discoverModels', () => {
    describe('when a read happens while a discovery is in flight', () => {
      it('should serve the old list meanwhile and the new list after the commit (no stale list stays cached)', async () => {
        const provider = new ControlledProvider('late');
        const { cache, manager } = build({ config: { providers: [{ name: 'late', type: 'openai', models: ['pinned'] }] }, providers: [provider] });
        const before = manager.validScopedModels();
        expect(before).toEqual(['late/pinned']);

        const discovery = manager.discoverModels();
        // What the cache holds, not how often it was called: the start of a discovery emptied it.
        expect(cache.inner.get(ALL_MODELS_KEY)).toBeNull();
        const during = manager.validScopedModels();
        expect(during).toEqual(['late/pinned']);
        expect(manager.validScopedModels()).toBe(during);

        expect(cache.inner.get(ALL_MODELS_KEY)).toBe(during);
        provider.answer(['new-model']);
        await discovery;
        expect(cache.inner.get(ALL_MODELS_KEY)).toBeNull();
        expect(manager.validScopedModels()).toEqual(['late/new-model', 'late/pinned']);
      });
    });

    it('should ask providers in parallel and commit a fast one without waiting for a slow one', async () => {
      const fast = new ControlledProvider('fast');
      const slow = new ControlledProvider('slow');
      const { manager } = build({ providers: [fast, slow] });
      const discovery = manager.discoverModels();
      await flush();
      expect(fast.calls).toHaveLength(1);
      expect(slow.calls).toHaveLength(1);
      fast.answer(['a']);
      await flush();
      expect(manager.validScopedModels()).toEqual(['fast/a']);
      slow.answer(['b']);
      const report = await discovery;
      expect(manager.validScopedModels()).toEqual(['fast/a', 'slow/b']);
      expect(report.providers.map((p) => [p.name, p.status, p.models, p.added])).toEqual([
        ['fast', 'ok', 1, ['fast/a']],
        ['slow', 'ok', 1, ['slow/b']],
      ]);
    });

    describe('when a provider does not answer within discovery.timeoutMs', () => {
      it('should report it failed with code timeout, abort its signal, and keep its last good list', async () => {
        const clock = new ManualClock();
        const provider = new ControlledProvider('hang');
        const { manager } = build({ clock, providers: [provider], config: { discovery: { timeoutMs: 1_000 } } });
        const first = manager.discoverModels();
        provider.answer(['kept']);
        await first;

        const second = manager.discoverModels();
        clock.advance(999);
        await flush();
        expect(provider.latest().signal.aborted).toBe(false);
        clock.advance(1);
        const report = await second;
        expect(provider.latest().signal.aborted).toBe(true);
        expect(report.providers[0]).toMatchObject({ status: 'failed', code: 'timeout', models: 1 });
        expect(report.providers[0]?.error).toMatch(/hang: no answer within 1000 ms/);
        expect(manager.validScopedModels()).toEqual(['hang/kept']);
        expect(manager.providerStatus()[0]).toMatchObject({ state: 'failed', models: 1, lastError: { code: 'timeout' } });
        expect(clock.pendingTimers).toBe(0);
      });
    });

    describe('when a provider answers, or fails, before discovery.timeoutMs', () => {
      it('should cancel its deadline, leaving no timer behind', async () => {
        const clock = new ManualClock();
        const provider = new ControlledProvider('quick');
        const { manager } = build({ clock, providers: [provider], config: { discovery: { timeoutMs: 1_000, retries: 0 } } });
        const answered = manager.discoverModels();
        await flush();
        expect(clock.pendingTimers).toBe(1);
        provider.answer(['a']);
        expect((await answered).providers[0]?.status).toBe('ok');
        expect(clock.pendingTimers).toBe(0);

        const failed = manager.discoverModels();
        await flush();
        provider.fail(new ProviderError('quick', 'bad_response', 'quick: not a model list'));
        expect((await failed).providers[0]?.status).toBe('failed');
        expect(clock.pendingTimers).toBe(0);
      });
    });

    describe('when called concurrently', () => {
      it('should share one listModels call per provider', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        const calls = [manager.discoverModels(), manager.discoverModels(['p']), manager.discoverModels()];
        await flush();
        expect(provider.calls).toHaveLength(1);
        provider.answer(['m']);
        const reports = await Promise.all(calls);
        expect(reports.map((r) => r.providers[0]?.status)).toEqual(['ok', 'ok', 'ok']);
      });

      it('should start a new request once the previous one has finished', async () => {
        const provider = new ListProvider('p', ['m']);
        const { manager } = build({ providers: [provider] });
        await manager.discoverModels();
        await manager.discoverModels();
        expect(provider.calls).toBe(2);
      });
    });

    describe("when the caller's signal aborts", () => {
      it('should reject at once with the reason and abort the shared request only when its last waiter has gone', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        const first = new AbortController();
        const second = new AbortController();
        const a = manager.discoverModels(undefined, { signal: first.signal });
        const b = manager.discoverModels(undefined, { signal: second.signal });
        const reason = new Error('user pressed Ctrl-C');
        first.abort(reason);
        await expect(a).rejects.toBe(reason);
        expect(provider.latest().signal.aborted).toBe(false);
        second.abort(new Error('gone too'));
        await expect(b).rejects.toThrow('gone too');
        expect(provider.latest().signal.aborted).toBe(true);
      });

      it('should keep what was committed before the abort', async () => {
        const fast = new ControlledProvider('fast');
        const slow = new ControlledProvider('slow');
        const { manager } = build({ providers: [fast, slow] });
        const controller = new AbortController();
        const discovery = manager.discoverModels(undefined, { signal: controller.signal });
        fast.answer(['a']);
        await flush();
        controller.abort(new Error('stop'));
        await expect(discovery).rejects.toThrow('stop');
        slow.answer(['late']);
        await flush();
        expect(manager.validScopedModels()).toEqual(['fast/a']);
        expect(manager.providerStatus().find((s) => s.name === 'slow')?.state).toBe('never');
      });

      it('should let a later discovery join the one that replaced an abandoned request, even after the abandoned one ends', async () => {
        const clock = new ManualClock();
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider], clock });
        const fetches: number[] = [];
        manager.observe({ fetchStarted: ({ id }) => fetches.push(id) });
        const controller = new AbortController();
        const abandoned = manager.discoverModels(undefined, { signal: controller.signal });
        await flush();
        controller.abort(new Error('gone'));
        const replacing = manager.discoverModels();
        await expect(abandoned).rejects.toThrow('gone');
        await flush();
        const joining = manager.discoverModels();
        clock.advance(100); // the replacing fetch waits for the abandoned one's store lock to go
        await flush();
        expect(fetches).toEqual([1, 2]);
        provider.answer(['x']);
        expect((await joining).providers[0]).toMatchObject({ status: 'ok', added: ['p/x'] });
        await replacing;
      });

      it('should reject before doing anything when already aborted', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        await expect(manager.discoverModels(undefined, { signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
        expect(provider.calls).toHaveLength(0);
      });
    });

    describe('when a provider answers an empty list after a non-empty one', () => {
      it('should hold it back once, saying so, and commit a second empty answer in a row', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        const discover = async (ids: string[]): Promise<ProviderReport | undefined> => {
          const run = manager.discoverModels();
          provider.answer(ids);
          return (await run).providers[0];
        };
        await discover(['a', 'b']);
        const held = await discover([]);
        expect(held).toMatchObject({ status: 'failed', code: 'empty_held_back', models: 2, removed: [] });
        expect(held?.error).toContain('empty answer held back; last list had 2 models');
        expect(manager.validScopedModels()).toEqual(['p/a', 'p/b']);

        const committed = await discover([]);
        expect(committed).toMatchObject({ status: 'ok', models: 0, removed: ['p/a', 'p/b'] });
        expect(manager.validScopedModels()).toEqual([]);
      });

      it('should hold back again after a non-empty answer came between', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        for (const ids of [['a'], [], ['a']]) {
          const run = manager.discoverModels();
          provider.answer(ids);
          await run;
        }
        const run = manager.discoverModels();
        provider.answer([]);
        const held = (await run).providers[0];
        expect(held).toMatchObject({ status: 'failed', code: 'empty_held_back' });
        expect(held?.error).toContain('last list had 1 model (');
        expect(manager.validScopedModels()).toEqual(['p/a']);
      });

      it('should commit it at once with { acceptEmpty: true }', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        let run = manager.discoverModels();
        provider.answer(['a']);
        await run;
        run = manager.discoverModels(undefined, { acceptEmpty: true });
        provider.answer([]);
        expect((await run).providers[0]).toMatchObject({ status: 'ok', models: 0, removed: ['p/a'] });
        expect(manager.validScopedModels()).toEqual([]);
      });

      it('should commit a first empty answer at once: there is no list to keep', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        const run = manager.discoverModels();
        provider.answer([]);
        expect((await run).providers[0]).toMatchObject({ status: 'ok', models: 0 });
      });
    });

    describe('when a provider is rate limited for an hour', () => {
      it("should carry the provider's own Retry-After in the report", async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        const run = manager.discoverModels();
        provider.fail(new ProviderError('p', 'rate_limited', 'too many requests (429); try again in 1 h', { status: 429, retryAfterMs: 3_600_000 }));
        const report = await run;
        expect(report.providers[0]).toMatchObject({ status: 'failed', code: 'rate_limited', retryAfterMs: 3_600_000 });
        expect(report.providers[0]?.error).toContain('in 1 h');
      });
    });

    describe('when a provider fails', () => {
      it('should keep its last good list, report failed with the message, and report added and removed on success', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        let run = manager.discoverModels();
        provider.answer(['a', 'b']);
        await run;

        run = manager.discoverModels();
        provider.fail(new ProviderError('p', 'rate_limited', 'too many requests (429); try again later', { status: 429 }));
        const failed = await run;
        expect(failed.providers[0]).toMatchObject({ status: 'failed', code: 'rate_limited', models: 2, added: [], removed: [] });
        expect(manager.validScopedModels()).toEqual(['p/a', 'p/b']);

        run = manager.discoverModels();
        provider.answer(['b', 'c']);
        const ok = await run;
        expect(ok.providers[0]).toMatchObject({ status: 'ok', models: 2, added: ['p/c'], removed: ['p/a'] });
        expect(manager.validScopedModels()).toEqual(['p/b', 'p/c']);
      });

      it('should resolve with a report and wipe nothing when every provider fails', async () => {
        const one = new ControlledProvider('one');
        const two = new ControlledProvider('two');
        const { manager } = build({
          config: { providers: [{ name: 'one', type: 'openai', models: ['pinned'] }] },
          providers: [one, two],
        });
        const run = manager.discoverModels();
        one.fail(new Error('ECONNREFUSED'));
        two.fail('not even an error');
        const report = await run;
        expect(report.providers.map((p) => [p.status, p.code])).toEqual([
          ['failed', 'failed'],
          ['failed', 'failed'],
        ]);
        expect(manager.validScopedModels()).toEqual(['one/pinned']);
      });

      it('should keep a configured key out of the message even when the provider put it there', async () => {
        const provider = new ControlledProvider('p');
        const { manager } = build({
          config: { providers: [{ name: 'p', type: 'openai', apiKey: 'sk-secret-123456' }] },
          providers: [provider],
        });
        const run = manager.discoverModels();
        provider.fail(new Error('bad key sk-secret-123456 sent to host'));
        const report = await run;
        expect(JSON.stringify(report)).not.toContain('sk-secret-123456');
        expect(report.providers[0]?.error).toContain('[redacted]');
        expect(JSON.stringify(manager.providerStatus())).not.toContain('sk-secret-123456');
      });
    });

    describe('when a provider answers something that is not a model list', () => {
      it.each([
        ['an error object', { error: { message: 'upstream hiccup' } }],
        ['a list whose every entry is malformed', [{ name: 'no id' }, { id: '' }]],
      ])('should fail with bad_response for %s and keep the last good list', async (_what, answer) => {
        const provider = new ControlledProvider('p');
        const { manager } = build({ providers: [provider] });
        let run = manager.discoverModels();
        provider.answer(['good']);
        await run;
        run = manager.discoverModels();
        await flush();
        provider.latest().answer.resolve(answer as never);
        const report = await run;
        expect(report.providers[0]).toMatchObject({ status: 'failed', code: 'bad_response', models: 1, removed: [] });
        expect(manager.validScopedModels()).toEqual(['p/good']);
      });

      it('should take an empty list as the truth when it comes twice in a row (a server with no models)', async () => {
        const provider = new ListProvider('p', ['a']);
        const { manager } = build({ providers: [provider] });
        await manager.discoverModels();
        provider.models = [];
        await manager.discoverModels();
        const report = await manager.discoverModels();
        expect(report.providers[0]).toMatchObject({ status: 'ok', models: 0, removed: ['p/a'] });
      });
    });

    it('should count malformed entries as invalid and skip them', async () => {
      const provider = new ControlledProvider('p');
      const { manager } = build({ providers: [provider] });
      const run = manager.discoverModels();
      await flush();
      provider.latest().answer.resolve({
        models: [{ id: 'good' }, { id: '' }, { id: 'evil\u001b[31m' }, { id: 'rtl\u202eoverride' }, { id: 'x'.repeat(257) }],
        invalid: 2,
      });
      const report = await run;
      expect(report.providers[0]).toMatchObject({ status: 'ok', models: 1, invalid: 6 });
      expect(manager.validScopedModels()).toEqual(['p/good']);
    });

    it('should keep the last good list when no entry of an answer is readable, and say so', async () => {
      const provider = new ControlledProvider('p');
      const { manager } = build({ providers: [provider] });
      let run = manager.discoverModels();
      provider.answer(['kept']);
      await run;
      run = manager.discoverModels();
      await flush();
      provider.latest().answer.resolve({ models: [{ id: '' }, { id: 'x'.repeat(257) }], invalid: 0 });
      const report = (await run).providers[0];
      expect(report).toMatchObject({ status: 'failed', code: 'bad_response', models: 1 });
      expect(report?.error).toContain('the answer held no readable model (2 malformed); the last good list is kept');
      expect(manager.validScopedModels()).toEqual(['p/kept']);
    });

    it('should skip a provider disabled in the configuration, saying so', async () => {
      const provider = new ControlledProvider('p');
      const { manager } = build({ providers: [provider], config: { providers: [{ name: 'p', type: 'openai', enabled: false }] } });
      const report = await manager.discoverModels();
      expect(provider.calls).toHaveLength(0);
      expect(report.providers[0]).toMatchObject({ status: 'skipped', code: 'unavailable', error: 'disabled in the configuration' });
      expect(manager.providerStatus()[0]).toMatchObject({ available: false, unavailableReason: 'disabled in the configuration' });
    });

    it('should time the discovery and each provider by the injected clock', async () => {
      const clock = new ManualClock(5_000);
      const provider = new ControlledProvider('p');
      const { manager } = build({ clock, providers: [provider] });
      const run = manager.discoverModels();
      await flush();
      clock.advance(250);
      provider.answer(['a']);
      const report = await run;
      expect(report.startedAt).toEqual(new Date(5_000));
      expect(report.durationMs).toBe(250);
      expect(report.providers[0]?.durationMs).toBe(250);
    });

    it("should leave no listener on the caller's signal once it has finished", async () => {
      const caller = new AbortController();
      const { manager } = build({ providers: [new ListProvider('p', ['a'])] });
      await manager.discoverModels(undefined, { signal: caller.signal });
      expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    });

    it('should report providers that cannot be used as skipped without asking them', async () => {
      const keyless = new ControlledProvider('keyless');
      keyless.unavailableReason = 'no API key: set KEYLESS_API_KEY';
      const { manager } = build({ providers: [keyless] });
      const report = await manager.discoverModels();
      expect(keyless.calls).toHaveLength(0);
      expect(report.providers[0]).toMatchObject({ status: 'skipped', code: 'unavailable', error: 'no API key: set KEYLESS_API_KEY', added: [], removed: [] });
    });

    it('should reject unknown provider names with an error that lists the known ones', async () => {
      const { manager } = build({ providers: [new StaticProvider('openai', []), new StaticProvider('anthropic', [])] });
      const failure = manager.discoverModels(['openai', 'nope']);
      await expect(failure).rejects.toBeInstanceOf(UnknownProviderError);
      await expect(failure).rejects.toThrow('unknown provider "nope"; known providers: anthropic, openai');
    });

    it('should discover only the named providers', async () => {
      const one = new ListProvider('one', ['a']);
      const two = new ListProvider('two', ['b']);
      const { manager } = build({ providers: [one, two] });
      const report = await manager.discoverModels(['two']);
      expect(report.providers.map((p) => p.name)).toEqual(['two']);
      expect(one.calls).toBe(0);
    });
  });
});

describe('ProviderManager', () => {
  describe('.modelInfo', () => {
    it('should describe a valid model and nothing else', () => {
      const manager = createManager({
        // A provider the bundled catalog does not know: only what it says (see modelFacts.test.ts).
        providers: [new StaticProvider('acme', [{ id: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 128000 }])],
      });
      expect(manager.modelInfo('acme/gpt-4o')).toEqual({
        id: 'acme/gpt-4o',
        provider: 'acme',
        model: 'gpt-4o',
        displayName: 'GPT-4o',
        contextWindow: 128000,
        capabilities: ['chat'],
        sources: { contextWindow: 'provider' },
      });
      expect(manager.modelInfo('acme/nope')).toBeUndefined();
      expect(manager.modelInfo('nope/gpt-4o')).toBeUndefined();
      expect(manager.modelInfo('no-separator')).toBeUndefined();
    });
  });

  describe('.providerStatus', () => {
    it('should say never before a discovery, then ok with the time of the success', async () => {
      const clock = new ManualClock(1_000_000);
      const manager = createManager({ clock, providers: [new ListProvider('p', ['a'])] });
      expect(manager.providerStatus()).toEqual([{ name: 'p', state: 'never', models: 0, available: true }]);
      await manager.discoverModels();
      expect(manager.providerStatus()).toEqual([
        { name: 'p', state: 'ok', models: 1, available: true, lastSuccessAt: new Date(1_000_000) },
      ]);
    });
  });

  describe('.forTenant', () => {
    it('should say how to get tenant support when the manager was built without it', () => {
      const manager = createManager({ providers: [new StaticProvider('p', ['a'])] });
      expect(() => manager.forTenant({ id: 'team-42', keys: {} })).toThrow(
        expect.objectContaining({ code: 'tenants_unavailable', message: expect.stringMatching(/build it with createContainer/) }),
      );
    });
  });

  describe('.cacheStats', () => {
    it('should count each read answered by the cache as a hit and each build as a miss, with or without a query', () => {
      const manager = createManager({ cache: new LruModelCache({ max: 8 }), providers: [new StaticProvider('p', ['a'])] });
      expect(manager.cacheStats()).toEqual({ hits: 0, misses: 0 });
      manager.validScopedModels();
      manager.validScopedModels();
      manager.validScopedModels();
      expect(manager.cacheStats()).toEqual({ hits: 2, misses: 1 });
      const query = { providers: ['p'], capability: 'chat' };
      manager.validScopedModels(query);
      manager.validScopedModels(query);
      expect(manager.cacheStats()).toEqual({ hits: 3, misses: 2 });
    });
  });

  describe('.observe', () => {
    it('should number discoveries one by one and tie each fetch to its discovery', async () => {
      const manager = createManager({ providers: [new ListProvider('p', ['a'])] });
      const seen: string[] = [];
      manager.observe({
        discoveryStarted: ({ id, providers }) => seen.push(`start ${id} ${providers.join(',')}`),
        fetchFinished: ({ id, discovery, report }) => seen.push(`fetch ${id} of ${discovery}: ${report.status}`),
        discoveryFinished: ({ id, report }) => seen.push(`finish ${id}: ${report?.providers.length}`),
      });
      await manager.discoverModels();
      await manager.discoverModels();
      expect(seen).toEqual(['start 1 p', 'fetch 1 of 1: ok', 'finish 1: 1', 'start 2 p', 'fetch 2 of 2: ok', 'finish 2: 1']);
    });
  });

  describe('.close', () => {
    it('should stop a discovery in flight: aborted, nothing added or removed, the list kept', async () => {
      const provider = new ControlledProvider('p');
      const manager = createManager({ providers: [provider] });
      const first = manager.discoverModels();
      provider.answer(['kept']);
      await first;
      const run = manager.discoverModels();
      await flush();
      await manager.close();
      expect(provider.latest().signal.aborted).toBe(true);
      expect((await run).providers[0]).toEqual({
        name: 'p',
        status: 'failed',
        models: 1,
        invalid: 0,
        durationMs: 0,
        code: 'aborted',
        error: 'p: discovery was aborted',
        added: [],
        removed: [],
      });
      expect(manager.validScopedModels()).toEqual(['p/kept']);
    });
  });

  describe('constructor', () => {
    it('should refuse two providers with one name', () => {
      expect(() => createManager({ providers: [new StaticProvider('p', []), new StaticProvider('p', [])] })).toThrow(
        expect.objectContaining({ code: 'duplicate_provider', message: expect.stringMatching(/two providers are named "p"/) }),
      );
    });

    it('should refuse a provider name holding the separator', () => {
      expect(() => createManager({ providers: [new StaticProvider('a/b', [])] })).toThrow(
        expect.objectContaining({ code: 'invalid_provider_name', message: expect.stringMatching(/must not contain the separator "\/"/) }),
      );
    });

    it('should keep the facts of a pinned model written as an object', () => {
      const manager = createManager({
        config: { providers: [{ name: 'p', type: 'openai', models: ['plain', { id: 'rich', contextWindow: 128_000, capabilities: ['vision'] }] }] },
        providers: [new ControlledProvider('p')],
      });
      expect(manager.validScopedModels()).toEqual(['p/plain', 'p/rich']);
      expect(manager.modelInfo('p/rich')).toMatchObject({ contextWindow: 128_000, capabilities: ['vision'] });
    });

    it('should take no pins from the config for a provider with its own fixed list', async () => {
      const manager = createManager({
        config: { providers: [{ name: 'p', type: 'openai', models: ['pinned'] }] },
        providers: [new StaticProvider('p', ['own'])],
      });
      expect(manager.validScopedModels()).toEqual(['p/own']);
      await manager.discoverModels();
      expect(manager.validScopedModels()).toEqual(['p/own']);
    });
  });
});

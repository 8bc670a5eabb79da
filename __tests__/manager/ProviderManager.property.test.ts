import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LruModelCache } from '../../src/cache/LruModelCache.js';
import type { ModelCache } from '../../src/cache/ModelCache.js';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import { silentLogger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';
import { ControlledProvider, flush } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { SpyModelCache } from '../helpers/SpyModelCache.js';

const PROVIDERS = ['a', 'a-b', 'B', 'or'];
const modelId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/:._-]{0,12}$/);
const query = fc.option(
  fc.record({ providers: fc.option(fc.subarray(PROVIDERS), { nil: undefined }), capability: fc.option(fc.constantFrom('chat', 'embedding'), { nil: undefined }) }),
  { nil: undefined },
);

function manager(providers: ConstructorParameters<typeof ProviderManager>[2], cache: ModelCache): ProviderManager {
  return new ProviderManager(parseConfig({}), cache, providers, new ManualClock(), silentLogger);
}

describe('ProviderManager (properties)', () => {
  it('should always list code-unit-sorted, unique scoped ids: exactly the providers\' ids', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...PROVIDERS), fc.array(modelId, { maxLength: 20 })), (lists) => {
        const providers = Object.entries(lists).map(([name, ids]) => new StaticProvider(name, ids));
        const list = manager(providers, new NullSentinelModelCache()).validScopedModels();
        const expected = [...new Set(Object.entries(lists).flatMap(([name, ids]) => ids.map((id) => `${name}/${id}`)))];
        expect([...list]).toEqual(expected.sort());
        for (let i = 1; i < list.length; i++) expect(list[i - 1]! < list[i]!).toBe(true);
      }),
    );
  });

  it.each([
    ['NullSentinelModelCache', () => new NullSentinelModelCache()],
    ['LruModelCache', () => new LruModelCache({ max: 3 })],
  ])('with %s, should never serve a list that differs from a fresh build, whatever reads and discoveries interleave', async (_name, makeCache) => {
    type Op =
      | { kind: 'read'; query: (typeof query extends fc.Arbitrary<infer Q> ? Q : never) }
      | { kind: 'discover'; provider: string }
      | { kind: 'answer'; provider: string; ids: string[] }
      | { kind: 'fail'; provider: string };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('read' as const), query }),
      fc.record({ kind: fc.constant('discover' as const), provider: fc.constantFrom(...PROVIDERS) }),
      fc.record({ kind: fc.constant('answer' as const), provider: fc.constantFrom(...PROVIDERS), ids: fc.array(modelId, { maxLength: 6 }) }),
      fc.record({ kind: fc.constant('fail' as const), provider: fc.constantFrom(...PROVIDERS) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const twins = [makeCache(), new SpyModelCache(new NullSentinelModelCache(), { neverHit: true })].map((cache) => {
          const providers = PROVIDERS.map((name) => new ControlledProvider(name));
          return { providers, manager: manager(providers, cache), pending: [] as Promise<unknown>[] };
        });
        for (const step of ops) {
          for (const twin of twins) {
            const provider = twin.providers.find((p) => p.name === (step.kind === 'read' ? '' : step.provider));
            if (step.kind === 'discover') twin.pending.push(twin.manager.discoverModels([step.provider]));
            else if (provider !== undefined && provider.calls.length > 0) {
              const call = provider.latest();
              if (step.kind === 'answer') call.answer.resolve(step.ids.map((id, i) => ({ id, capabilities: i % 2 === 0 ? ['chat'] : ['embedding'] })));
              if (step.kind === 'fail') call.answer.reject(new Error('down'));
            }
          }
          await flush();
          if (step.kind === 'read') {
            const [cached, fresh] = twins.map((twin) => [...twin.manager.validScopedModels(step.query)]);
            expect(cached).toEqual(fresh);
          }
        }
        const [cached, fresh] = twins.map((twin) => [...twin.manager.validScopedModels()]);
        expect(cached).toEqual(fresh);
      }),
      { numRuns: 150 },
    );
  });
});

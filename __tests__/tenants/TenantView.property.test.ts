import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { TenantIdentity } from '../../src/manager/ModelCatalogReader.js';
import { startKeyedProviderServer, type KeyedProviderServer } from './keyedProviderServer.js';
import { tenantManager } from './tenantManager.js';

/** `p1` lends its configured key to tenants without one; `p2` shows only tenants' own keys. */
const PROVIDERS = ['p1', 'p2'] as const;
const KEYS = ['k0', 'k1', 'k2', 'bad'] as const;
const CONFIGURED = 'cfg';

type Provider = (typeof PROVIDERS)[number];
type Op =
  | { op: 'read' | 'ready' | 'refresh'; tenant: number }
  | { op: 'change'; provider: Provider; key: string }
  | { op: 'shared' };

let servers: Record<Provider, KeyedProviderServer>;
beforeAll(async () => {
  servers = { p1: await startKeyedProviderServer({}), p2: await startKeyedProviderServer({}) };
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

/** Every id a key's list holds is its own: `k1-v3-a` can only come from key `k1`. */
function listFor(key: string, version: number): string[] {
  return [`${key}-v${version}-a`, `${key}-v${version}-b`];
}

const tenantArb = fc.record({ p1: fc.option(fc.constantFrom(...KEYS), { nil: undefined }), p2: fc.option(fc.constantFrom(...KEYS), { nil: undefined }) });
const opArb = (tenants: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ op: fc.constantFrom('read' as const, 'ready' as const, 'refresh' as const), tenant: fc.nat(tenants - 1) }),
    fc.record({ op: fc.constant('change' as const), provider: fc.constantFrom(...PROVIDERS), key: fc.constantFrom(CONFIGURED, 'k0', 'k1', 'k2') }),
    fc.constant({ op: 'shared' as const }),
  );

describe('TenantView', () => {
  describe('.validScopedModels', () => {
    it('should show the shared lists plus exactly its own credentials\' lists, never another key\'s, whatever the order of reads and refreshes', async () => {
      const scenario = fc
        .array(tenantArb, { minLength: 1, maxLength: 6 })
        .chain((tenants) => fc.record({ tenants: fc.constant(tenants), ops: fc.array(opArb(tenants.length), { maxLength: 25 }) }));

      await fc.assert(
        fc.asyncProperty(scenario, async ({ tenants, ops }) => {
          const versions = new Map<string, number>();
          /** Every id each (provider, key) has ever listed, for the "never another's" check mid-run. */
          const ever = new Map<string, Set<string>>();
          const publish = (provider: Provider, key: string): void => {
            const version = (versions.get(`${provider}:${key}`) ?? 0) + 1;
            versions.set(`${provider}:${key}`, version);
            const ids = listFor(key, version);
            servers[provider].lists.set(key, ids);
            const seen = ever.get(`${provider}:${key}`) ?? new Set<string>();
            for (const id of ids) seen.add(id);
            ever.set(`${provider}:${key}`, seen);
          };
          for (const provider of PROVIDERS) {
            servers[provider].lists.clear();
            for (const key of [CONFIGURED, 'k0', 'k1', 'k2']) publish(provider, key);
          }
          const { manager } = tenantManager({
            providers: [
              { name: 'p1', type: 'openai-compatible', baseUrl: servers.p1.baseUrl, apiKey: CONFIGURED, tenantKeys: 'optional' },
              { name: 'p2', type: 'openai-compatible', baseUrl: servers.p2.baseUrl, apiKey: CONFIGURED, tenantKeys: 'required' },
            ],
          });
          const identities: TenantIdentity[] = tenants.map((keys, index) => ({
            id: `t${index}`,
            keys: Object.fromEntries(Object.entries(keys).filter(([, key]) => key !== undefined)) as Record<string, string>,
          }));
          const pending: Promise<unknown>[] = [];
          try {
            await manager.discoverModels();
            for (const op of ops) {
              if (op.op === 'change') publish(op.provider, op.key);
              else if (op.op === 'shared') pending.push(manager.discoverModels());
              else {
                const view = manager.forTenant(identities[op.tenant] as TenantIdentity);
                if (op.op === 'read') view.validScopedModels();
                else pending.push(op.op === 'ready' ? view.ready() : view.discoverModels());
              }
              for (const identity of identities) expectOnlyItsOwn(manager, identity, ever);
            }
            await Promise.all(pending);
            await manager.discoverModels();
            for (const identity of identities) await manager.forTenant(identity).discoverModels();
            for (const identity of identities) {
              expect(manager.forTenant(identity).validScopedModels()).toEqual(expected(identity));
            }
          } finally {
            await Promise.allSettled(pending);
            await manager.close();
          }
        }),
        { numRuns: 30 },
      );
    });
  });
});

/** Each id shown for a provider came from the tenant's own key there, or (p1 without a key) from the configured one. */
function expectOnlyItsOwn(manager: ProviderManager, identity: TenantIdentity, ever: ReadonlyMap<string, ReadonlySet<string>>): void {
  for (const scoped of manager.forTenant(identity).validScopedModels()) {
    const [provider, model] = scoped.split('/') as [Provider, string];
    const key = identity.keys[provider] ?? (provider === 'p1' ? CONFIGURED : undefined);
    expect(key === undefined ? false : (ever.get(`${provider}:${key}`)?.has(model) ?? false)).toBe(true);
  }
}

/** What a settled view shows: each provider's current list for the tenant's key (or the shared one), sorted. */
function expected(identity: TenantIdentity): string[] {
  const ids: string[] = [];
  for (const provider of PROVIDERS) {
    const key = identity.keys[provider] ?? (provider === 'p1' ? CONFIGURED : undefined);
    if (key === undefined) continue;
    for (const model of servers[provider].lists.get(key) ?? []) ids.push(`${provider}/${model}`);
  }
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

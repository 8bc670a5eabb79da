import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CatalogStore, EntryRef, StoredEntry } from '../../src/store/CatalogStore.js';

/** One store under test, made fresh for every test. */
export interface CatalogStoreFixture {
  /** The store under test, on an empty catalog. */
  store: CatalogStore;
  /**
   * A second handle on the same catalog, as another instance or process would have it
   * (a second connection, a second file store on the same path). A store that cannot be
   * shared gives `store` itself.
   */
  peer: CatalogStore;
  /**
   * A handle that shares the store's fetch locks; default `peer`. A store whose locks live in
   * one process only (a file store's) gives `store`.
   */
  lockPeer?: CatalogStore;
  /** Lets `ms` pass on the store's clock: a ManualClock's `advance`, or a real wait for Redis. */
  advance(ms: number): Promise<void>;
  /** Frees what the fixture holds (closes stores, deletes keys, removes files). */
  dispose(): Promise<void>;
}

const ref: EntryRef = { provider: 'openai', fingerprint: 'fp-1' };

function entry(fetchedAt: number, ids: string[], at: EntryRef = ref): StoredEntry {
  return { ...at, fetchedAt, models: ids.map((id) => ({ id })) };
}

/**
 * The behaviour every `CatalogStore` shares: newer-wins commits, the generation, loads and
 * the fetch lock. Run it with a fixture factory for each store:
 * @example
 * catalogStoreContract('MemoryCatalogStore', async () => {
 *   const clock = new ManualClock();
 *   const store = new MemoryCatalogStore(clock);
 *   return { store, peer: store, advance: async (ms) => clock.advance(ms), dispose: async () => {} };
 * });
 */
export function catalogStoreContract(name: string, makeFixture: () => Promise<CatalogStoreFixture>): void {
  describe(name, () => {
    let fixture: CatalogStoreFixture;
    let store: CatalogStore;
    let peer: CatalogStore;
    let lockPeer: CatalogStore;

    beforeEach(async () => {
      fixture = await makeFixture();
      ({ store, peer } = fixture);
      lockPeer = fixture.lockPeer ?? peer;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    describe('.now', () => {
      it('should give whole milliseconds that never go back', async () => {
        const first = await store.now();
        const second = await store.now();
        expect(Number.isInteger(first)).toBe(true);
        expect(first).toBeGreaterThan(1_600_000_000_000);
        expect(second).toBeGreaterThanOrEqual(first);
      });
    });

    describe('.commit', () => {
      describe('when nothing is stored for the ref', () => {
        it('should accept the entry, store it and change the generation', async () => {
          const before = await store.generation();
          const result = await store.commit(entry(1000, ['gpt-4o']));
          expect(result.accepted).toBe(true);
          expect(result.entry).toEqual(entry(1000, ['gpt-4o']));
          expect(result.generation).not.toBe(before);
          expect(await store.generation()).toBe(result.generation);
          expect((await peer.load([ref])).entries).toEqual([entry(1000, ['gpt-4o'])]);
        });
      });

      describe('when an older entry is stored', () => {
        it('should replace it', async () => {
          await store.commit(entry(1000, ['gpt-4o']));
          const result = await peer.commit(entry(2000, ['gpt-4o', 'o3']));
          expect(result.accepted).toBe(true);
          expect((await store.load([ref])).entries).toEqual([entry(2000, ['gpt-4o', 'o3'])]);
        });
      });

      describe('when a newer entry is stored', () => {
        it('should refuse the older one, give back the stored entry and leave the generation alone', async () => {
          await store.commit(entry(2000, ['gpt-4o', 'o3']));
          const before = await store.generation();
          const result = await peer.commit(entry(1000, ['gpt-4o']));
          expect(result).toEqual({ accepted: false, entry: entry(2000, ['gpt-4o', 'o3']), generation: before });
          expect(await store.generation()).toBe(before);
          expect((await store.load([ref])).entries).toEqual([entry(2000, ['gpt-4o', 'o3'])]);
        });
      });

      describe('when an entry fetched at the same time is stored', () => {
        it('should refuse it, as it is not newer', async () => {
          await store.commit(entry(1000, ['a']));
          const result = await peer.commit(entry(1000, ['b']));
          expect(result.accepted).toBe(false);
          expect(result.entry).toEqual(entry(1000, ['a']));
        });
      });

      describe('when entries of several refs are committed', () => {
        it('should give each accepted commit a generation not seen before', async () => {
          const seen = new Set([await store.generation()]);
          const other: EntryRef = { provider: 'anthropic', fingerprint: 'fp-9' };
          for (const next of [entry(1, ['a']), entry(1, ['b'], other), entry(2, ['c']), entry(3, ['d'], other)]) {
            const { generation } = await store.commit(next);
            expect(seen.has(generation)).toBe(false);
            seen.add(generation);
          }
        });
      });

      it('should keep, for any order of commits, the entry fetched last, and accept only strictly newer ones', async () => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 }), async (times) => {
            const at: EntryRef = { provider: `p${run++}`, fingerprint: 'fp-prop' };
            let newest = -1;
            let newestIndex = -1;
            for (const [index, fetchedAt] of times.entries()) {
              const { accepted } = await store.commit(entry(fetchedAt, [`m${index}`], at));
              expect(accepted).toBe(fetchedAt > newest);
              if (fetchedAt > newest) [newest, newestIndex] = [fetchedAt, index];
            }
            expect((await peer.load([at])).entries).toEqual([entry(newest, [`m${newestIndex}`], at)]);
          }),
          { numRuns: 25 },
        );
      });
    });

    describe('.load', () => {
      describe('when refs have no entry', () => {
        it('should leave them out and give the current generation', async () => {
          await store.commit(entry(1000, ['gpt-4o']));
          const missing: EntryRef = { provider: 'ollama', fingerprint: 'fp-1' };
          const loaded = await peer.load([missing, ref]);
          expect(loaded.entries).toEqual([entry(1000, ['gpt-4o'])]);
          expect(loaded.generation).toBe(await store.generation());
          expect((await store.load([])).entries).toEqual([]);
        });
      });

      describe('when the entry belongs to another fingerprint (another config of the provider)', () => {
        it('should not see it, and a commit under the new fingerprint should not touch it', async () => {
          await store.commit(entry(2000, ['gpt-4o']));
          const changed: EntryRef = { provider: 'openai', fingerprint: 'fp-2' };
          expect((await peer.load([changed])).entries).toEqual([]);
          const result = await peer.commit(entry(1000, ['local-model'], changed));
          expect(result.accepted).toBe(true);
          expect((await store.load([ref, changed])).entries).toEqual([entry(2000, ['gpt-4o']), entry(1000, ['local-model'], changed)]);
        });
      });

      it('should keep everything a model carries', async () => {
        const rich: StoredEntry = {
          ...ref,
          fetchedAt: 1234,
          models: [
            { id: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 128_000, capabilities: ['chat', 'vision'], deprecated: '2026-01-01' },
            { id: 'ünïcødé/模型:latest' },
          ],
        };
        await store.commit(rich);
        expect((await peer.load([ref])).entries).toEqual([rich]);
      });
    });

    describe('.generation', () => {
      it('should stay the same while nothing is committed', async () => {
        const first = await store.generation();
        await store.tryLock(ref, 1000);
        expect(await peer.generation()).toBe(first);
        expect(await store.generation()).toBe(first);
      });
    });

    describe('.tryLock', () => {
      describe('when the lock is free', () => {
        it('should take it, so that nobody else can until it is released', async () => {
          const token = await store.tryLock(ref, 10_000);
          expect(typeof token).toBe('string');
          expect(await lockPeer.isLocked(ref)).toBe(true);
          expect(await lockPeer.tryLock(ref, 10_000)).toBeUndefined();
          expect(await store.tryLock(ref, 10_000)).toBeUndefined();
          await store.unlock(ref, token!);
          expect(await lockPeer.isLocked(ref)).toBe(false);
          const next = await lockPeer.tryLock(ref, 10_000);
          expect(next).toBeDefined();
          expect(next).not.toBe(token);
        });
      });

      describe('when another ref is locked', () => {
        it('should not be affected', async () => {
          await store.tryLock(ref, 10_000);
          const other: EntryRef = { provider: 'anthropic', fingerprint: 'fp-1' };
          const sameProviderOtherConfig: EntryRef = { provider: 'openai', fingerprint: 'fp-2' };
          expect(await lockPeer.isLocked(other)).toBe(false);
          expect(await lockPeer.tryLock(other, 10_000)).toBeDefined();
          expect(await lockPeer.tryLock(sameProviderOtherConfig, 10_000)).toBeDefined();
        });
      });

      describe('when the holder lets its ttl run out', () => {
        it('should free the lock, and the late holder must not release the next one', async () => {
          const stale = await store.tryLock(ref, 50);
          expect(stale).toBeDefined();
          await fixture.advance(80);
          expect(await lockPeer.isLocked(ref)).toBe(false);
          const fresh = await lockPeer.tryLock(ref, 10_000);
          expect(fresh).toBeDefined();
          await store.unlock(ref, stale!);
          expect(await store.isLocked(ref)).toBe(true);
          expect(await store.tryLock(ref, 10_000)).toBeUndefined();
        });
      });
    });

    describe('.unlock', () => {
      describe('when the token does not own the lock', () => {
        it('should leave the lock held', async () => {
          const token = await store.tryLock(ref, 10_000);
          await lockPeer.unlock(ref, `${token!}-not`);
          await lockPeer.unlock(ref, 'someone-else');
          expect(await store.isLocked(ref)).toBe(true);
        });
      });

      describe('when nothing holds the lock', () => {
        it('should do nothing', async () => {
          await store.unlock(ref, 'nobody');
          expect(await store.isLocked(ref)).toBe(false);
        });
      });
    });
  });
}

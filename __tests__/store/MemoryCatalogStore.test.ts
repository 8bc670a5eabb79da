import { describe, expect, it } from '@jest/globals';
import { MemoryCatalogStore } from '../../src/store/MemoryCatalogStore.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { catalogStoreContract } from './catalogStoreContract.js';

describe('MemoryCatalogStore', () => {
  catalogStoreContract('as a CatalogStore', () => {
    const clock = new ManualClock();
    const store = new MemoryCatalogStore(clock);
    return Promise.resolve({ store, peer: store, advance: (ms) => Promise.resolve(clock.advance(ms)), dispose: () => Promise.resolve() });
  });

  it('should report itself as not shared, so the manager does not poll its generation', () => {
    expect(new MemoryCatalogStore(new ManualClock()).shared).toBe(false);
  });

  it('should free a fetch lock exactly when its time to live has passed', async () => {
    const clock = new ManualClock();
    const store = new MemoryCatalogStore(clock);
    const ref = { provider: 'p', fingerprint: 'f' };
    await store.tryLock(ref, 100);
    clock.advance(99);
    expect(await store.isLocked(ref)).toBe(true);
    clock.advance(1);
    expect(await store.isLocked(ref)).toBe(false);
  });
});

import { describe } from '@jest/globals';
import { MemoryCatalogStore } from '../../src/store/MemoryCatalogStore.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { catalogStoreContract } from './catalogStoreContract.js';

describe('MemoryCatalogStore', () => {
  catalogStoreContract('as a CatalogStore', () => {
    const clock = new ManualClock();
    const store = new MemoryCatalogStore(clock);
    return Promise.resolve({ store, peer: store, advance: (ms) => Promise.resolve(clock.advance(ms)), dispose: () => Promise.resolve() });
  });
});

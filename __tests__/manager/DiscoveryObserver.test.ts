import { describe, expect, it } from '@jest/globals';
import { isObservableCatalog } from '../../src/manager/DiscoveryObserver.js';

describe('isObservableCatalog', () => {
  it('should accept a catalog with both observe and cacheStats', () => {
    expect(isObservableCatalog({ observe: () => () => {}, cacheStats: () => ({}) })).toBe(true);
  });

  it.each([
    ['nothing', {}],
    ['only observe', { observe: () => () => {} }],
    ['only cacheStats', { cacheStats: () => ({}) }],
    ['observe that is not a function', { observe: true, cacheStats: () => ({}) }],
  ])('should refuse a catalog with %s', (_what, catalog) => {
    expect(isObservableCatalog(catalog)).toBe(false);
  });
});

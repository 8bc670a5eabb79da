import { describe, expect, it } from '@jest/globals';
import { catalogKeys } from '../../../src/store/redis/catalogKeys.js';

describe('catalogKeys', () => {
  const ref = { provider: 'openai', fingerprint: 'fp' };

  it('should put every key under the plain prefix outside a cluster', () => {
    const keys = catalogKeys('app');
    expect([keys.generation, keys.channel, keys.entry(ref), keys.lock(ref)]).toEqual([
      'app:generation',
      'app:changes',
      'app:entry:openai@fp',
      'app:lock:openai@fp',
    ]);
  });

  it('should make the prefix a hash tag in a cluster, so every key shares a slot', () => {
    const keys = catalogKeys('app', true);
    expect([keys.generation, keys.entry(ref)]).toEqual(['{app}:generation', '{app}:entry:openai@fp']);
  });
});

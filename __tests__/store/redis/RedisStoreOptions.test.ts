import { describe, expect, it } from '@jest/globals';
import { Secret } from '../../../src/config/Secret.js';
import { ConfigError } from '../../../src/errors/ConfigError.js';
import { silentLogger } from '../../../src/logging/Logger.js';
import { resolveRedisOptions } from '../../../src/store/redis/RedisStoreOptions.js';

describe('resolveRedisOptions', () => {
  describe('when only a URL is given', () => {
    it('should fill in the defaults', () => {
      expect(resolveRedisOptions({ url: 'redis://h' })).toMatchObject({
        prefix: 'scoped-models',
        commandTimeoutMs: 1000,
        reconnectMaxDelayMs: 2000,
        tls: undefined,
        logger: silentLogger,
      });
    });
  });

  describe('when the URL is a Secret from the config', () => {
    it('should reveal it only to parse it', () => {
      expect(resolveRedisOptions({ url: new Secret('rediss://:pw@h:1') }).endpoint).toMatchObject({ tls: true, password: 'pw' });
    });
  });

  describe('when an option is bad', () => {
    it.each([
      [{ url: 'redis://h', prefix: '' }, 'store.prefix'],
      [{ url: 'redis://h', prefix: 'has space' }, 'store.prefix'],
      [{ url: 'redis://h', commandTimeoutMs: 0 }, 'store.commandTimeoutMs'],
      [{ url: 'redis://h', commandTimeoutMs: Number.NaN }, 'store.commandTimeoutMs'],
      [{ url: 'redis://h', reconnectMaxDelayMs: -5 }, 'store.reconnectMaxDelayMs'],
      [{ url: 'memcached://h' }, 'store.url'],
    ])('should throw a ConfigError naming the field (%j)', (options, path) => {
      expect(() => resolveRedisOptions(options)).toThrow(ConfigError);
      try {
        resolveRedisOptions(options);
      } catch (error) {
        expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([path]);
      }
    });
  });
});

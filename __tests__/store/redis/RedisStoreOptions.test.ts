import { describe, expect, it } from '@jest/globals';
import { Secret } from '../../../src/config/Secret.js';
import { ConfigError } from '../../../src/errors/ConfigError.js';
import { silentLogger } from '../../../src/logging/Logger.js';
import { resolveRedisOptions } from '../../../src/store/redis/RedisStoreOptions.js';
import { thrownBy } from '../../helpers/thrownBy.js';

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
      const error = thrownBy(() => resolveRedisOptions(options));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([path]);
    });

    it.each([
      [{ url: 'redis://h', prefix: 'has space' }, /non-empty prefix without white space/],
      [{ url: 'redis://h', commandTimeoutMs: 0 }, /positive number of milliseconds/],
      [{}, /store\.url: expected a redis:\/\/ URL, or nodes \(a cluster\), or sentinels with masterName/],
    ])('should say what a good value looks like (%j)', (options, advice) => {
      expect(() => resolveRedisOptions(options)).toThrow(advice);
    });
  });

  describe('when the prefix has braces and there is no cluster', () => {
    it('should keep it, as only a cluster makes it a hash tag', () => {
      expect(resolveRedisOptions({ url: 'redis://h', prefix: 'a{b}' }).prefix).toBe('a{b}');
    });
  });
});

describe('resolveRedisOptions with a cluster or sentinels', () => {
  it('should take the cluster nodes, with the first node\'s credentials, and describe them without the password', () => {
    const resolved = resolveRedisOptions({ nodes: ['redis://:pw@10.0.0.1:7000', 'redis://10.0.0.2:7001'] });
    expect(resolved.topology).toMatchObject({ kind: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }] });
    expect(resolved.endpoint.password).toBe('pw');
    expect(resolved.endpoint.safe).toBe('cluster redis://10.0.0.1:7000, redis://10.0.0.2:7001');
  });

  it('should refuse an empty node list, naming the field and giving an example', () => {
    expect(() => resolveRedisOptions({ nodes: [] })).toThrow(/store\.nodes.*at least one node URL, e\.g\. redis:\/\/10\.0\.0\.1:7000/);
  });

  it('should name the node whose URL is bad', () => {
    const error = thrownBy(() => resolveRedisOptions({ nodes: ['redis://h:7000', 'http://h:7001'] }));
    expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(['store.nodes[1]']);
  });

  it('should refuse a prefix with braces, which would break the hash tag, and say to leave them out', () => {
    expect(() => resolveRedisOptions({ nodes: ['redis://h:7000'], prefix: 'a{b}' })).toThrow(/store\.prefix.*leave out \{ and \}/);
  });

  it('should take sentinels with a master name, and refuse sentinels without one', () => {
    const resolved = resolveRedisOptions({ sentinels: [{ host: '10.0.0.9', port: 26379 }], masterName: 'main' });
    expect(resolved.topology).toEqual({ kind: 'sentinel', sentinels: [{ host: '10.0.0.9', port: 26379 }], masterName: 'main' });
    expect(resolved.endpoint.safe).toBe('sentinel primary "main" via 10.0.0.9:26379');
    expect(() => resolveRedisOptions({ sentinels: [{ host: '10.0.0.9', port: 26379 }] })).toThrow(/store\.masterName/);
  });

  it('should refuse an empty master name, saying which name is meant', () => {
    expect(() => resolveRedisOptions({ sentinels: [{ host: '10.0.0.9', port: 26379 }], masterName: '' })).toThrow(
      /store\.masterName.*sentinel monitor NAME/,
    );
  });

  it('should refuse an empty sentinel list, naming the field and giving an example', () => {
    const error = thrownBy(() => resolveRedisOptions({ sentinels: [], masterName: 'main' }));
    expect((error as ConfigError).issues).toEqual([{ path: 'store.sentinels', message: expect.stringMatching(/at least one sentinel, e\.g\. \[\{ "host"/) }]);
  });

  it('should describe every sentinel, and use no TLS and no credentials without a URL', () => {
    const resolved = resolveRedisOptions({ sentinels: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }], masterName: 'main' });
    expect(resolved.endpoint).toMatchObject({ tls: false, secrets: [], host: 'a', port: 1, safe: 'sentinel primary "main" via a:1, b:2' });
  });

  it('should refuse options that name no server at all', () => {
    expect(() => resolveRedisOptions({})).toThrow(/store\.url/);
  });
});

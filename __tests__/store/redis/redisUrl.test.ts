import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigError } from '../../../src/errors/ConfigError.js';
import { parseRedisUrl, redactRedis } from '../../../src/store/redis/redisUrl.js';

describe('parseRedisUrl', () => {
  describe('when the URL is plain', () => {
    it('should default the port and leave TLS off', () => {
      expect(parseRedisUrl('redis://127.0.0.1')).toEqual({
        host: '127.0.0.1',
        port: 6379,
        tls: false,
        username: undefined,
        password: undefined,
        database: undefined,
        safe: 'redis://127.0.0.1:6379',
        secrets: [],
      });
    });
  });

  describe('when the URL is rediss:// with credentials and a database', () => {
    it('should turn TLS on, decode the credentials and keep them out of the safe form', () => {
      const endpoint = parseRedisUrl('rediss://app%40eu:s%3Acret@cache.internal:6380/2');
      expect(endpoint).toMatchObject({ host: 'cache.internal', port: 6380, tls: true, username: 'app@eu', password: 's:cret', database: 2 });
      expect(endpoint.safe).toBe('rediss://cache.internal:6380/2');
    });
  });

  describe('when the host is an IPv6 address', () => {
    it('should unbracket it for the socket and bracket it in the safe form', () => {
      expect(parseRedisUrl('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000, safe: 'redis://[::1]:7000' });
    });
  });

  describe('when the URL is not a Redis URL', () => {
    it.each([
      ['http://user:topsecret@host:6379', /redis:\/\/ or rediss:\/\/ URL, not http:/],
      ['not a url topsecret', /expected a redis:\/\/ or rediss:\/\/ URL/],
      ['redis://:topsecret@host/abc', /database number/],
      ['redis://:topsecret@host/-1', /database number/],
      ['redis:///0?topsecret', /expected a host, e\.g\. redis:\/\/127\.0\.0\.1:6379/],
    ])('should throw a ConfigError naming store.url for %s, without the password', (url, message) => {
      let thrown: unknown;
      try {
        parseRedisUrl(url);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).issues[0]?.path).toBe('store.url');
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('topsecret');
    });
  });
});

describe('redactRedis', () => {
  it('should hide the password however it appears, and the whole URL', () => {
    const url = 'redis://u:p%40ss%20word@h:1';
    const endpoint = parseRedisUrl(url);
    expect(redactRedis(`a ${url} b p%40ss%20word c p@ss word d`, endpoint)).toBe('a [redacted] b [redacted] c [redacted] d');
  });

  it('should leave a message alone when the URL has no password', () => {
    expect(redactRedis('connect ECONNREFUSED redis://h:1', parseRedisUrl('redis://h:1'))).toBe('connect ECONNREFUSED redis://h:1');
  });

  it('should never leave a password in the text, whatever the password', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 20 }), (password, noise) => {
        const endpoint = parseRedisUrl(`redis://:${encodeURIComponent(password)}@h:1`);
        // Every stretch left between the markers is original text: none may hold the password.
        const pieces = redactRedis(`${noise}${password}${noise}${password}`, endpoint).split('[redacted]');
        for (const piece of pieces) expect(piece).not.toContain(password);
      }),
    );
  });
});

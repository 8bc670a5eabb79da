import { describe, expect, it } from '@jest/globals';
import { HttpError } from '../../src/server/HttpError.js';
import { tenantFromHeader } from '../../src/server/tenantFromHeader.js';

describe('tenantFromHeader', () => {
  describe('when the header holds provider=key pairs', () => {
    it('should map each provider to its key, under an id that shows no key', () => {
      const resolve = tenantFromHeader('x-provider-keys');

      const tenant = resolve(' openai=sk-abc , anthropic=sk-ant-x=y');

      expect(tenant?.keys).toEqual({ openai: 'sk-abc', anthropic: 'sk-ant-x=y' });
      expect(tenant?.id).toMatch(/^tenant-[\w-]{22}$/);
      expect(tenant?.id).not.toContain('sk-');
    });

    it('should take a provider name of one letter', () => {
      expect(tenantFromHeader('x-provider-keys')('x=sk-abc')?.keys).toEqual({ x: 'sk-abc' });
    });

    it('should give the same value the same id, and another value another id', () => {
      const resolve = tenantFromHeader('x-provider-keys');

      expect(resolve('openai=sk-a')?.id).toBe(resolve('openai=sk-a')?.id);
      expect(resolve('openai=sk-a')?.id).not.toBe(resolve('openai=sk-b')?.id);
    });
  });

  describe('when the header is missing or empty', () => {
    it.each([undefined, '', '  '])('should answer no tenant for %j', (value) => {
      expect(tenantFromHeader('x-provider-keys')(value)).toBeUndefined();
    });
  });

  describe('when the header is malformed', () => {
    it.each(['sk-abc', '=sk-abc', ' =sk-abc', 'openai=', 'openai= ', 'openai=sk-a,', 'openai=sk-a,openai=sk-b'])('should refuse %j with a 400 that does not echo it', (value) => {
      const resolve = tenantFromHeader('x-provider-keys');

      let error: unknown;
      try {
        resolve(value);
      } catch (caught) {
        error = caught;
      }

      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({
        status: 400,
        code: 'invalid_tenant_header',
        param: 'x-provider-keys',
        message: 'the x-provider-keys header must hold provider=key pairs separated by commas, each provider once',
      });
      expect((error as HttpError).message).not.toContain('sk-');
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parseConfig.js';
import { ConfigError } from '../../src/errors/ConfigError.js';

describe('parseConfig', () => {
  describe('when providers say whether tenants bring keys', () => {
    it('should accept "none", "optional" and "required", and leave it out when not given', () => {
      const config = parseConfig({
        providers: [
          { name: 'a', type: 'openai', tenantKeys: 'none' },
          { name: 'b', type: 'openai', tenantKeys: 'optional' },
          { name: 'c', type: 'openai', tenantKeys: 'required' },
          { name: 'd', type: 'openai' },
        ],
      });

      expect(config.providers.map((provider) => provider.tenantKeys)).toEqual(['none', 'optional', 'required', undefined]);
    });

    it('should name the field and the allowed values for anything else', () => {
      expect(() => parseConfig({ providers: [{ name: 'a', type: 'openai', tenantKeys: 'always' }] })).toThrow(
        /providers\[0\]\.tenantKeys: expected one of "none", "optional", "required"/,
      );
    });

    it('should refuse tenant keys on a static provider, which takes no key', () => {
      expect(() => parseConfig({ providers: [{ name: 's', type: 'static', models: ['m'], tenantKeys: 'optional' }] })).toThrow(
        /providers\[0\]\.tenantKeys: a static provider takes no key/,
      );
    });
  });

  describe('when tenants are configured', () => {
    it('should fill in maxCredentials and ttlMs', () => {
      expect(parseConfig({ tenants: {} }).tenants).toEqual({ maxCredentials: 10_000, ttlMs: 3_600_000 });
    });

    it('should reject a bad bound, an unknown field and a variable name that is not one', () => {
      let error: unknown;
      try {
        parseConfig({ tenants: { maxCredentials: 0, ttlMs: -1, fingerprintSecretEnv: 'not a name', secret: 'x' } });
      } catch (caught) {
        error = caught;
      }

      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => issue.path).sort()).toEqual([
        'tenants',
        'tenants.fingerprintSecretEnv',
        'tenants.maxCredentials',
        'tenants.ttlMs',
      ]);
    });
  });
});

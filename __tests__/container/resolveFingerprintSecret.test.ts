import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parseConfig.js';
import { resolveFingerprintSecret } from '../../src/container/resolveConfig.js';

const LONG_ENOUGH = 'x'.repeat(32);

describe('resolveFingerprintSecret', () => {
  describe('when no variable is named', () => {
    it('should give none, so each process draws its own', () => {
      expect(resolveFingerprintSecret(parseConfig({}), { SOMETHING: LONG_ENOUGH })).toBeUndefined();
    });
  });

  describe('when the named variable holds a long enough value', () => {
    it('should give it as a Secret that hides itself', () => {
      const config = parseConfig({ tenants: { fingerprintSecretEnv: 'TENANT_SECRET' } });

      const secret = resolveFingerprintSecret(config, { TENANT_SECRET: LONG_ENOUGH });

      expect(secret?.reveal()).toBe(LONG_ENOUGH);
      expect(JSON.stringify({ secret })).not.toContain(LONG_ENOUGH);
    });
  });

  describe('when the named variable is unset or short', () => {
    it.each([[{}], [{ TENANT_SECRET: '' }], [{ TENANT_SECRET: 'short-secret' }]])('should fail naming the field and what to do (%#)', (environment) => {
      const config = parseConfig({ tenants: { fingerprintSecretEnv: 'TENANT_SECRET' } });

      expect(() => resolveFingerprintSecret(config, environment)).toThrow(/tenants\.fingerprintSecretEnv: TENANT_SECRET .*same random value/);
    });

    it('should never show the short value it refused', () => {
      const config = parseConfig({ tenants: { fingerprintSecretEnv: 'TENANT_SECRET' } });

      expect(() => resolveFingerprintSecret(config, { TENANT_SECRET: 'hunter2-hunter2' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
    });
  });
});

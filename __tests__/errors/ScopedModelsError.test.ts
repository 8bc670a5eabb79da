import { describe, expect, it } from '@jest/globals';
import { redact, Secret } from '../../src/config/Secret.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { ProviderError } from '../../src/errors/ProviderError.js';
import { ScopedModelsError } from '../../src/errors/ScopedModelsError.js';

describe('ScopedModelsError', () => {
  describe('.is', () => {
    it('should recognise our errors, subclasses included, and nothing else', () => {
      expect(ScopedModelsError.is(new ProviderError('p', 'auth', 'rejected', { status: 401 }))).toBe(true);
      expect(ScopedModelsError.is(new ConfigError([{ path: 'a', message: 'b' }]))).toBe(true);
      expect(ScopedModelsError.is(new Error('plain'))).toBe(false);
      expect(ScopedModelsError.is(null)).toBe(false);
    });

    it('should recognise an error from another copy of the package by its brand', () => {
      const foreign = Object.assign(new Error('x'), { [Symbol.for('scoped-models.error')]: true });
      expect(ScopedModelsError.is(foreign)).toBe(true);
    });
  });

  it('should carry code, name, provider and status', () => {
    const error = new ProviderError('anthropic', 'auth', 'the API key was rejected (401); check ANTHROPIC_API_KEY', { status: 401 });
    expect(error).toMatchObject({ name: 'ProviderError', code: 'auth', provider: 'anthropic', status: 401 });
    expect(error.message).toBe('anthropic: the API key was rejected (401); check ANTHROPIC_API_KEY');
  });
});

describe('redact', () => {
  it('should replace every occurrence of each secret and leave very short values alone', () => {
    expect(redact('key sk-1234 and sk-1234 again, abc', ['sk-1234', 'abc'])).toBe('key [redacted] and [redacted] again, abc');
  });

  it('should accept Secret values revealed by the caller', () => {
    const secret = new Secret('token-xyz');
    expect(`${String(secret)}`).toBe('[redacted]');
    expect(redact('Bearer token-xyz', [secret.reveal()])).toBe('Bearer [redacted]');
  });
});

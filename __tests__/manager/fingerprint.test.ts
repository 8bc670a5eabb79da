import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { providerFingerprint } from '../../src/manager/fingerprint.js';

type ProviderConfigInput = NonNullable<ScopedModelsConfigInput['providers']>[number];

function fingerprintOf(provider: ProviderConfigInput): string {
  return providerFingerprint(provider.name, parseConfig({ providers: [provider] }).providers[0]);
}

const gateway = { name: 'gw', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' } as const;

describe('providerFingerprint', () => {
  // Stored lists are keyed by it: a fingerprint that changes between releases hides every stored list.
  it('should stay the same across releases for the same config', () => {
    expect(fingerprintOf(gateway)).toBe('94de1cfe78726f5e');
    expect(fingerprintOf({ ...gateway, apiKey: 'sk-1234', headers: { 'X-Team': 'ml' } })).toBe('7d3ecae6217e894a');
    // A provider built by hand (no config of its own) is keyed by its name alone.
    expect(providerFingerprint('p', undefined)).toBe('b6cb553ec88362d6');
  });

  it('should change with a header value, and not with the case of its name', () => {
    const plain = fingerprintOf(gateway);
    const team = fingerprintOf({ ...gateway, headers: { 'X-Team': 'ml' } });
    expect(team).not.toBe(plain);
    expect(fingerprintOf({ ...gateway, headers: { 'X-Team': 'search' } })).not.toBe(team);
    expect(fingerprintOf({ ...gateway, headers: { 'x-team': 'ml' } })).toBe(team);
  });

  it('should not change with the order the headers are written in', () => {
    const headers = { 'X-Team': 'ml', 'X-Region': 'eu' };
    const reversed = { 'X-Region': 'eu', 'X-Team': 'ml' };
    expect(fingerprintOf({ ...gateway, headers: reversed })).toBe(fingerprintOf({ ...gateway, headers }));
  });

  it('should change with the key', () => {
    expect(fingerprintOf({ ...gateway, apiKey: 'sk-1234' })).not.toBe(fingerprintOf({ ...gateway, apiKey: 'sk-5678' }));
  });
});

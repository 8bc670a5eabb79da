import { describe, expect, it } from '@jest/globals';
import { providersToDiscover, type FreshnessInput } from '../../src/cli/ensureFresh.js';
import type { ProviderStatus } from '../../src/manager/types.js';
import type { ModelProvider } from '../../src/providers/ModelProvider.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';

const NOW = 1_700_000_000_000;
const network = (name: string): ModelProvider => ({ name, listModels: () => Promise.resolve([]) });
const status = (name: string, extra: Partial<ProviderStatus> = {}): ProviderStatus => ({ name, state: 'never', models: 0, available: true, ...extra });

function input(overrides: Partial<FreshnessInput> = {}): FreshnessInput {
  return {
    selected: ['fixed', 'net', 'nokey'],
    providers: new Map<string, ModelProvider>([
      ['fixed', new StaticProvider('fixed', ['a'])],
      ['net', network('net')],
      ['nokey', network('nokey')],
    ]),
    statuses: [status('fixed'), status('net'), status('nokey', { available: false, unavailableReason: 'no key' })],
    refresh: false,
    now: NOW,
    maxAgeMs: 60_000,
    ...overrides,
  };
}

describe('providersToDiscover', () => {
  describe('when nothing is known of a network provider', () => {
    it('should name it, and not the fixed lists or the unusable ones', () => {
      expect(providersToDiscover(input())).toEqual(['net']);
    });
  });

  describe('when a network provider succeeded recently', () => {
    it('should leave it alone until its last success is older than maxAgeMs', () => {
      const fresh = input({ statuses: [status('net', { state: 'ok', lastSuccessAt: new Date(NOW - 60_000) })] });
      expect(providersToDiscover(fresh)).toEqual([]);
      const stale = input({ statuses: [status('net', { state: 'ok', lastSuccessAt: new Date(NOW - 60_001) })] });
      expect(providersToDiscover(stale)).toEqual(['net']);
    });
  });

  describe('when --refresh is given', () => {
    it('should name every selected provider', () => {
      expect(providersToDiscover(input({ refresh: true, selected: ['fixed', 'net'] }))).toEqual(['fixed', 'net']);
    });
  });

  describe('when only some providers are selected', () => {
    it('should consider only those', () => {
      expect(providersToDiscover(input({ selected: ['fixed'] }))).toEqual([]);
      expect(providersToDiscover(input({ selected: ['ghost'] }))).toEqual([]);
    });
  });
});

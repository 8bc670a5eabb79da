import { describe, expect, it } from '@jest/globals';
import { DiscoveryEvents } from '../../src/manager/DiscoveryEvents.js';
import type { DiscoveryObserver } from '../../src/manager/DiscoveryObserver.js';
import type { DiscoveryReport, ProviderReport } from '../../src/manager/types.js';

const report: ProviderReport = { name: 'a', status: 'ok', models: 1, invalid: 0, durationMs: 0, added: [], removed: [] };
const discoveryReport: DiscoveryReport = { startedAt: new Date(0), durationMs: 0, providers: [report] };

/** An observer that writes down every event it is handed, in order. */
function recorder(): { seen: string[]; observer: Required<DiscoveryObserver> } {
  const seen: string[] = [];
  return {
    seen,
    observer: {
      discoveryStarted: (event) => seen.push(`discoveryStarted ${event.id} ${event.providers.join(',')}`),
      discoveryFinished: (event) => seen.push(`discoveryFinished ${event.id}`),
      fetchStarted: (event) => seen.push(`fetchStarted ${event.id} ${event.provider}`),
      fetchFinished: (event) => seen.push(`fetchFinished ${event.id} ${event.provider} retries=${event.retries}`),
      storeReloaded: (event) => seen.push(`storeReloaded ${event.ok}`),
      busReconnected: () => seen.push('busReconnected'),
    },
  };
}

describe('DiscoveryEvents', () => {
  it('should hand every event to every observer', () => {
    const events = new DiscoveryEvents();
    const one = recorder();
    const two = recorder();
    events.observe(one.observer);
    events.observe(two.observer);
    events.discoveryStarted({ id: 1, providers: ['a', 'b'] });
    events.fetchStarted({ id: 1, provider: 'a', discovery: 1 });
    events.fetchFinished({ id: 1, provider: 'a', discovery: 1, report });
    events.discoveryFinished({ id: 1, report: discoveryReport });
    events.storeReloaded(false);
    events.busReconnected();
    const expected = [
      'discoveryStarted 1 a,b',
      'fetchStarted 1 a',
      'fetchFinished 1 a retries=0',
      'discoveryFinished 1',
      'storeReloaded false',
      'busReconnected',
    ];
    expect(one.seen).toEqual(expected);
    expect(two.seen).toEqual(expected);
  });

  it('should count the retries reported during a fetch, and only during it', () => {
    const events = new DiscoveryEvents();
    const { seen, observer } = recorder();
    events.observe(observer);
    events.retried('a'); // before its fetch started: not this fetch's
    events.fetchStarted({ id: 1, provider: 'a', discovery: 1 });
    events.retried('a');
    events.retried('a');
    events.retried('b'); // another provider's
    events.fetchFinished({ id: 1, provider: 'a', discovery: 1, report });
    events.retried('a'); // after it finished
    events.fetchStarted({ id: 2, provider: 'a', discovery: 2 });
    events.fetchFinished({ id: 2, provider: 'a', discovery: 2, report });
    expect(seen.filter((line) => line.startsWith('fetchFinished'))).toEqual(['fetchFinished 1 a retries=2', 'fetchFinished 2 a retries=0']);
  });

  it('should stop handing events to an observer once it is removed', () => {
    const events = new DiscoveryEvents();
    const { seen, observer } = recorder();
    const remove = events.observe(observer);
    events.storeReloaded(true);
    remove();
    events.storeReloaded(false);
    expect(seen).toEqual(['storeReloaded true']);
  });

  it('should go on to the other observers when one throws', () => {
    const events = new DiscoveryEvents();
    const { seen, observer } = recorder();
    events.observe({
      busReconnected: () => {
        throw new Error('broken exporter');
      },
    });
    events.observe(observer);
    expect(() => events.busReconnected()).not.toThrow();
    expect(seen).toEqual(['busReconnected']);
  });
});

import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parseConfig.js';
import { configSecrets } from '../../src/manager/configSecrets.js';

describe('configSecrets', () => {
  it('should list every key and header value of the providers', () => {
    const config = parseConfig({
      providers: [
        { name: 'a', type: 'openai', apiKey: 'sk-first-1234' },
        { name: 'b', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1', headers: { 'X-Gateway-Token': 'gw-5678' } },
      ],
    });
    expect(configSecrets(config)).toEqual(['sk-first-1234', 'gw-5678']);
  });

  it("should list a store URL's user and password, raw and decoded, and nothing empty", () => {
    const config = parseConfig({ store: { type: 'redis', url: 'redis://:p%40ss-word@127.0.0.1:6379/0' } });
    expect(configSecrets(config)).toEqual(['p%40ss-word', 'p@ss-word']);
  });

  it('should list nothing for a store URL without credentials', () => {
    expect(configSecrets(parseConfig({ store: { type: 'redis', url: 'redis://127.0.0.1:6379' } }))).toEqual([]);
  });

  it('should treat a store URL that cannot be parsed as a secret as a whole', () => {
    const url = 'redis://user:secret@bad host:6379';
    expect(configSecrets(parseConfig({ store: { type: 'redis', url } }))).toEqual([url]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { parseConfig } from '../../src/config/parseConfig.js';
import { ConfigError } from '../../src/errors/ConfigError.js';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  describe('when given nothing', () => {
    it('should fill every default', () => {
      expect(parseConfig(undefined)).toEqual({
        providers: [],
        separator: '/',
        cache: { max: 256 },
        discovery: { timeoutMs: 10_000, requestTimeoutMs: 5_000, retries: 2, maxBodyBytes: 32 * 1024 * 1024 },
      });
    });
  });

  describe('when fields are wrong', () => {
    it('should name every bad field with its path and what is expected', () => {
      const issues = issuesOf({
        providers: [
          { name: 'ok', type: 'static', models: ['a'] },
          { name: 'bad', type: 'static', models: 'gpt-4o' },
          { name: 'x', type: 'nope' },
        ],
        cache: { strategy: 'fifo' },
        discovery: { timeoutMs: -1 },
      });
      const paths = issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['providers[1].models', 'providers[2].type', 'cache.strategy', 'discovery.timeoutMs']));
      expect(issues.find((i) => i.path === 'cache.strategy')?.message).toBe('expected one of "null-sentinel", "lru"');
    });

    it('should suggest the field meant inside a provider entry, and list the fields it takes', () => {
      const [issue] = issuesOf({ providers: [{ name: 'a', type: 'static', models: ['m'], exlude: ['x'] }] });
      expect(issue).toMatchObject({ path: 'providers[0]', message: expect.stringMatching(/^unknown field\(s\) "exlude"; did you mean "exclude"\? \(this object takes .*apiKeyEnv.*\)$/) as unknown });
    });

    it('should reject unknown fields by name', () => {
      expect(issuesOf({ providers: [], seperator: '/' })).toEqual([
        { path: '', message: 'unknown field(s) "seperator"; did you mean "separator"? (this object takes providers, separator, cache, discovery, store, tenants, metadata, serve)' },
      ]);
    });

    it('should reject duplicate provider names', () => {
      const issues = issuesOf({
        providers: [
          { name: 'p', type: 'static', models: [] },
          { name: 'p', type: 'static', models: [] },
        ],
      });
      expect(issues).toEqual([{ path: 'providers[1].name', message: 'duplicate provider name "p"' }]);
    });

    it('should reject a provider name that holds the separator', () => {
      const issues = issuesOf({ separator: '.', providers: [{ name: 'a.b', type: 'static', models: [] }] });
      expect(issues).toEqual([{ path: 'providers[0].name', message: 'a provider name may not contain the separator ".", nor end in a way that forms it' }]);
    });

    it('should reject a name that ends in part of a longer separator (a.. would read as provider "a")', () => {
      const issues = issuesOf({ separator: '..', providers: [{ name: 'a', type: 'static', models: [] }, { name: 'a.', type: 'static', models: [] }] });
      expect(issues).toEqual([{ path: 'providers[1].name', message: 'a provider name may not contain the separator "..", nor end in a way that forms it' }]);
    });

    it('should report the fields that span providers even when another field has the wrong type', () => {
      const issues = issuesOf({ providers: [{ name: 'p', type: 'static', models: [] }, { name: 'p', type: 'static', models: 3 }] });
      expect(issues.map((issue) => issue.path).sort()).toEqual(['providers[1].models', 'providers[1].name']);
    });

    it('should name a bad header by its place, never by its text (it may be a pasted credential)', () => {
      const issues = issuesOf({ providers: [{ name: 'o', type: 'openai', headers: { 'Authorization: Bearer sk-pasted-123456': 'x' } }] });
      expect(issues).toEqual([{ path: 'providers[0].headers[<invalid name>]', message: expect.stringMatching(/^expected an HTTP header name/) as unknown }]);
      expect(JSON.stringify(issues)).not.toContain('sk-pasted');
    });

    it('should require a models list for a static provider', () => {
      expect(issuesOf({ providers: [{ name: 's', type: 'static' }] })).toEqual([
        { path: 'providers[0].models', message: 'a static provider needs a models list' },
      ]);
    });

    it('should put every issue in the message, so a user sees them all at once', () => {
      expect(() => parseConfig({ separator: '', cache: { max: 0 } })).toThrow(/separator[\s\S]*cache\.max/);
    });
  });

  describe('when the config holds secrets', () => {
    const config = parseConfig({
      providers: [{ name: 'openai', type: 'openai', apiKey: 'sk-live-abcdef123456', headers: { 'X-Proxy-Auth': 'hunter2-token' } }],
    });

    it('should keep them out of JSON.stringify, util.inspect and String()', () => {
      for (const text of [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.providers[0]?.apiKey)]) {
        expect(text).not.toContain('sk-live-abcdef123456');
        expect(text).not.toContain('hunter2-token');
      }
      expect(config.providers[0]?.apiKey?.reveal()).toBe('sk-live-abcdef123456');
    });

    it('should keep them out of errors about other fields', () => {
      const parse = (): unknown => parseConfig({ providers: [{ name: 'openai', type: 'openai', apiKey: 'sk-live-abcdef123456', baseUrl: 'ftp://x' }] });
      expect(parse).toThrow(ConfigError);
      let error: unknown;
      try {
        parse();
      } catch (caught) {
        error = caught;
      }
      expect(inspect(error)).toContain('baseUrl');
      expect(inspect(error)).not.toContain('sk-live-abcdef123456');
    });
  });
});

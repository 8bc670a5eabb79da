import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import { thrownBy } from '../helpers/thrownBy.js';

const dir = mkdtempSync(join(tmpdir(), 'scoped-models-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadConfig', () => {
  it('should read and validate a JSON file', () => {
    const path = file('ok.json', JSON.stringify({ providers: [{ name: 's', type: 'static', models: ['m'] }] }));
    expect(loadConfig(path).providers[0]?.name).toBe('s');
  });

  describe('when the file is missing', () => {
    it('should throw a ConfigError that names the file', () => {
      expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(ConfigError);
      expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/missing\.json: no such file; check the path given to --config/);
    });
  });

  describe('when the file is not JSON', () => {
    it('should say so without quoting the text (which may hold a key)', () => {
      const path = file('broken.json', '{"providers":[{"name":"o","type":"openai","apiKey":"sk-leak-999999" "x"}]}');
      const error = thrownBy(() => loadConfig(path));
      expect(String(error)).toMatch(/not valid JSON/);
      expect(String(error)).not.toContain('sk-leak-999999');
    });
  });

  describe('when a field is wrong', () => {
    it('should name the file and the field', () => {
      const path = file('bad.json', JSON.stringify({ providers: [{ name: 's', type: 'static', models: 3 }] }));
      expect(() => loadConfig(path)).toThrow(/bad\.json is invalid[\s\S]*providers\[0\]\.models/);
    });
  });

  describe('when the file holds comments and trailing commas (JSONC)', () => {
    it('should read it as the docs write it', () => {
      const path = file('commented.jsonc', '// ours\n{\n  "providers": [\n    { "name": "s", "type": "static", "models": ["m",], }, /* one */\n  ],\n}\n');
      expect(loadConfig(path).providers.map((provider) => provider.name)).toEqual(['s']);
    });
  });

  describe('when the text cannot be parsed', () => {
    it('should name the file, the line and the column, and what to write', () => {
      const path = file('syntax.json', '{\n  "providers": [\n    { "name": \'s\' }\n  ]\n}\n');
      expect(() => loadConfig(path)).toThrow(/syntax\.json is invalid[\s\S]*line 3, column 15\): not valid JSON: unexpected character \(strings take double quotes/);
    });
  });

  describe('when an openai-compatible provider has no baseUrl and no preset', () => {
    it('should name the file, the provider, the field with its line and column, and what to write', () => {
      const path = file('nobase.json', '{\n  "providers": [\n    { "name": "local", "type": "openai-compatible" }\n  ]\n}\n');
      expect(() => loadConfig(path)).toThrow(
        /nobase\.json is invalid[\s\S]*providers\[0\]\.baseUrl \(provider "local", line 3, column 5\): [^\n]*add "baseUrl": "http:\/\/127\.0\.0\.1:8000\/v1"[^\n]*"preset": one of groq/,
      );
    });
  });

  describe('when a field is unknown', () => {
    it('should point at the field itself', () => {
      const path = file('unknown.json', '{\n  "providers": [],\n  "cahce": {}\n}\n');
      expect(() => loadConfig(path)).toThrow(/\(root\) \(line 1, column 1\): unknown field\(s\) "cahce"/);
    });
  });

  describe('when the path is a folder', () => {
    it('should say to pass the file itself', () => {
      expect(() => loadConfig(dir)).toThrow(/is a folder, not a file/);
    });
  });
});

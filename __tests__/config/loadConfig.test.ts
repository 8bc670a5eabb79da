import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig.js';
import { ConfigError } from '../../src/errors/ConfigError.js';

const dir = mkdtempSync(join(tmpdir(), 'scoped-models-config-'));
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
      expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/no such file/);
    });
  });

  describe('when the file is not JSON', () => {
    it('should say so without quoting the text (which may hold a key)', () => {
      const path = file('broken.json', '{"providers":[{"name":"o","type":"openai","apiKey":"sk-leak-999999"},]}');
      expect(() => loadConfig(path)).toThrow(/not valid JSON/);
      try {
        loadConfig(path);
      } catch (error) {
        expect(String(error)).not.toContain('sk-leak-999999');
      }
    });
  });

  describe('when a field is wrong', () => {
    it('should name the file and the field', () => {
      const path = file('bad.json', JSON.stringify({ providers: [{ name: 's', type: 'static', models: 3 }] }));
      expect(() => loadConfig(path)).toThrow(/bad\.json is invalid[\s\S]*providers\[0\]\.models/);
    });
  });
});

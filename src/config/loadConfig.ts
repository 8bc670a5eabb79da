import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/ConfigError.js';
import { parseConfig } from './parseConfig.js';
import type { ScopedModelsConfig } from './schema.js';

/**
 * Reads and validates a JSON configuration file.
 * @throws {ConfigError} when the file cannot be read, is not JSON, or has bad fields.
 */
export function loadConfig(path: string): ScopedModelsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new ConfigError([{ path: '', message: `${reason} (${path})` }], path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // V8's parse message quotes the text around the fault, which may be a key: say less.
    throw new ConfigError([{ path: '', message: 'not valid JSON (look for a trailing comma, a comment or a missing quote)' }], path);
  }
  return parseConfig(json, path);
}

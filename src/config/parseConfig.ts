import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/ConfigError.js';
import { configSchema, type ScopedModelsConfig } from './schema.js';

/**
 * Validates a configuration as a user writes it and fills in the defaults.
 * @throws {ConfigError} naming every bad field, e.g. `providers[1].models: expected array`.
 */
export function parseConfig(input: unknown, source?: string): ScopedModelsConfig {
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(result.error.issues.map(toConfigIssue), source);
  return result.data;
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  return { path: formatPath(issue.path), message: describe(issue) };
}

/** `['providers', 1, 'models']` → `providers[1].models`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

function describe(issue: z.core.$ZodIssue): string {
  // zod's wording for these two omits what a user needs: the offending keys and the allowed values.
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

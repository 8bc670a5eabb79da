import type { z } from 'zod';
import { closestWord } from '../capabilities/closestWord.js';
import { ConfigError, type ConfigIssue } from '../errors/ConfigError.js';
import { crossFieldIssues } from './crossFieldIssues.js';
import { knownFields } from './knownFields.js';
import { configSchema, type ScopedModelsConfig } from './schema.js';

/**
 * Validates a configuration as a user writes it and fills in the defaults.
 * @throws {ConfigError} naming every bad field, e.g. `providers[1].models: expected array`.
 */
export function parseConfig(input: unknown, source?: string): ScopedModelsConfig {
  const result = configSchema.safeParse(input ?? {});
  const issues = [...(result.success ? [] : result.error.issues.map(toConfigIssue)), ...crossFieldIssues(input)];
  if (!result.success || issues.length > 0) throw new ConfigError(issues, source);
  return result.data;
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  // A bad record key (a header name) is the offending text itself, and may be a pasted
  // "Authorization: Bearer …" line: name its place, never its text.
  if (issue.code === 'invalid_key') {
    return { path: `${formatPath(issue.path.slice(0, -1))}[<invalid name>]`, message: 'expected an HTTP header name (letters, digits and !#$%&\'*+.^_`|~-)' };
  }
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
  if (issue.code === 'unrecognized_keys') {
    const known = knownFields(configSchema, issue.path);
    const hints = issue.keys.map((key) => closestWord(key, known)).filter((hint) => hint !== undefined);
    const meant = hints.length === 0 ? '' : `; did you mean ${hints.map((hint) => `"${hint}"`).join(', ')}?`;
    const allowed = known.length === 0 ? '' : ` (this object takes ${known.join(', ')})`;
    return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}${meant}${allowed}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

import { CAPABILITIES, isCapability, type Capability } from '../capabilities/Capability.js';
import { closestWord } from '../capabilities/closestWord.js';
import { CliUsageError } from './CliUsageError.js';

/**
 * `value` as a capability, or a usage error (exit 2) that lists the vocabulary and suggests the
 * closest word: a typo must not answer an empty list as if nothing matched.
 */
export function checkCapability(value: string): Capability {
  if (isCapability(value)) return value;
  const hint = didYouMean(value, CAPABILITIES);
  throw new CliUsageError('usage', `unknown capability ${JSON.stringify(value)}${hint === '' ? '.' : hint} Valid capabilities: ${CAPABILITIES.join(', ')}`);
}

/** `names` without repeats when every one is configured; else a usage error naming the known ones and the closest. */
export function checkProviders(names: readonly string[], known: readonly string[]): string[] {
  const unknown = names.filter((name) => !known.includes(name));
  const [first] = unknown;
  if (first === undefined) return [...new Set(names)];
  const list = known.length === 0 ? 'none are configured' : `known providers: ${known.join(', ')}`;
  throw new CliUsageError('usage', `unknown provider ${unknown.map((name) => JSON.stringify(name)).join(', ')}${didYouMean(first, known)}; ${list}`);
}

function didYouMean(value: string, candidates: readonly string[]): string {
  const closest = closestWord(value, candidates);
  return closest === undefined ? '' : `; did you mean ${JSON.stringify(closest)}?`;
}

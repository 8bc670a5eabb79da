import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import { silentLogger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelInfo, ModelProvider } from '../../src/providers/ModelProvider.js';
import { StaticProvider } from '../../src/providers/StaticProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';

/** The example catalog of the README: a few providers with `/`, `:` and `.` in their ids. */
export const CATALOG: Record<string, (string | ModelInfo)[]> = {
  openai: ['gpt-4o', 'gpt-4o-mini', 'o3', { id: 'text-embedding-3-small', capabilities: ['embedding'] }],
  anthropic: ['claude-opus-4-6', 'claude-sonnet-4-5', 'claude-haiku-4-5'],
  ollama: ['llama3.1:8b', 'qwen2.5-coder:7b', 'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M'],
  openrouter: ['openai/gpt-4o', 'meta-llama/llama-3.1-70b-instruct', 'anthropic/claude-sonnet-4'],
};

/** A real manager over static providers, with the default (null-sentinel) cache. */
export function managerOf(catalog: Record<string, (string | ModelInfo)[]>, separator = '/'): ProviderManager {
  const providers: ModelProvider[] = Object.entries(catalog).map(([name, models]) => new StaticProvider(name, models));
  return managerWith(providers, separator);
}

/** A real manager over the given providers. */
export function managerWith(providers: ModelProvider[], separator = '/'): ProviderManager {
  return new ProviderManager(parseConfig({ separator }), new NullSentinelModelCache(), providers, new ManualClock(), silentLogger);
}

const BREAKS = '/-.:_';

/** The ranking rules written out as plainly as possible, to check the index against. */
function referenceTier(id: string, word: string, separator: string): number | undefined {
  const lower = id.toLowerCase();
  const typed = word.toLowerCase();
  const sep = separator.toLowerCase();
  const from = (at: number): boolean => at > 0 && at < lower.length && lower.startsWith(typed, at);
  if (lower.startsWith(typed)) return 1;
  const modelStart = lower.indexOf(sep) + sep.length;
  if (lower.includes(sep) && from(modelStart)) return 2;
  for (let at = 1; at < lower.length; at++) if (lower[at - 1] === '/' && from(at)) return 2;
  for (let at = 1; at < lower.length; at++) {
    if ((BREAKS.includes(lower[at - 1]!) || (at >= sep.length && lower.startsWith(sep, at - sep.length))) && from(at)) return 3;
  }
  return undefined;
}

export function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const char of haystack) if (at < needle.length && char === needle[at]) at++;
  return at === needle.length;
}

export function referenceComplete(ids: readonly string[], word: string, separator: string, limit: number): string[] {
  const byRank = (a: { id: string; tier: number }, b: { id: string; tier: number }): number =>
    a.tier - b.tier || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const ranked = ids
    .map((id) => ({ id, tier: referenceTier(id, word, separator) }))
    .filter((entry): entry is { id: string; tier: number } => entry.tier !== undefined);
  const matches =
    ranked.length > 0 ? ranked : ids.filter((id) => isSubsequence(word.toLowerCase(), id.toLowerCase())).map((id) => ({ id, tier: 4 }));
  return matches.sort(byRank).slice(0, limit).map((entry) => entry.id);
}


import { FactInterner } from './FactInterner.js';
import { isModality, MODALITIES, type Modality, type ModelFacts, type ModelPricing } from './ModelFacts.js';

/** The longest date text kept (`2025-08-07`, `2024-10`); longer ones are not dates. */
const MAX_DATE_LENGTH = 32;
/** A price above this (US dollars per million tokens) is taken as a unit mistake, not a price. */
const MAX_PRICE = 1_000_000;

/**
 * The facts of an untrusted `ModelInfo`-shaped record that pass their checks, interned:
 * token counts are positive safe integers, modalities are words of the vocabulary, prices
 * finite and non-negative, dates short plain text. Anything else is left out, never guessed.
 */
export function readModelFacts(raw: Readonly<Record<string, unknown>>, interner: FactInterner): ModelFacts | undefined {
  return interner.facts({
    contextWindow: tokenCount(raw['contextWindow']),
    maxOutputTokens: tokenCount(raw['maxOutputTokens']),
    inputModalities: modalities(raw['inputModalities']),
    outputModalities: modalities(raw['outputModalities']),
    pricing: pricing(raw['pricing']),
    releaseDate: dateText(raw['releaseDate']),
    knowledgeCutoff: dateText(raw['knowledgeCutoff']),
  });
}

/** A positive safe integer, or `undefined`. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The known modalities of a list, deduplicated in vocabulary order; `pdf` counts as `file`. */
export function modalities(value: unknown): Modality[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const found = new Set<Modality>();
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const word = item.toLowerCase() === 'pdf' ? 'file' : item.toLowerCase();
    if (isModality(word)) found.add(word);
  }
  return found.size === 0 ? undefined : MODALITIES.filter((modality) => found.has(modality));
}



/** A price with a usable input and output, or `undefined`. */
export function pricing(value: unknown): ModelPricing | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const input = price(raw['input']);
  const output = price(raw['output']);
  if (input === undefined || output === undefined) return undefined;
  return { input, output, cacheRead: price(raw['cacheRead']), cacheWrite: price(raw['cacheWrite']) };
}

/** A finite, non-negative price per million tokens, or `undefined`. */
export function price(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_PRICE ? value : undefined;
}

/** Date-like text (`2025-08-07`, `2024-10`), or `undefined`. */
export function dateText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text.length > 0 && text.length <= MAX_DATE_LENGTH && /^[0-9A-Za-z .:/-]+$/.test(text) ? text : undefined;
}

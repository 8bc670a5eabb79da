import { MODALITIES, type Modality, type ModelPricing } from '../facts/ModelFacts.js';

/** The modalities among a provider's words (`text`, `image`, …), in display order; `undefined` when none is known. */
export function toModalities(words: readonly string[] | undefined): Modality[] | undefined {
  if (words === undefined) return undefined;
  const lower = new Set(words.map((word) => word.toLowerCase()));
  const known = MODALITIES.filter((modality) => lower.has(modality));
  return known.length > 0 ? known : undefined;
}

/** A price as a number ≥ 0 (providers send strings too); `undefined` for anything else, `-1` "varies" included. */
function price(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** Per-token dollars to per-million, without float noise (`0.0000025` → `2.5`). */
function perMillion(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Number((value * 1_000_000).toPrecision(12));
}

/** The prices a provider sends, in its unit: dollars per token (OpenRouter) or per million tokens (Together). */
export interface RawPrices {
  input?: unknown;
  output?: unknown;
  cacheRead?: unknown;
  cacheWrite?: unknown;
}

/**
 * {@link ModelPricing} in dollars per million tokens, from prices given `per` token or million;
 * `undefined` unless both input and output prices are usable.
 * @example toPricing({ input: '0.0000025', output: '0.00001' }, 'token') // { input: 2.5, output: 10 }
 */
export function toPricing(raw: RawPrices | undefined, per: 'token' | 'million'): ModelPricing | undefined {
  if (raw === undefined) return undefined;
  const convert = (value: unknown): number | undefined => (per === 'token' ? perMillion(price(value)) : price(value));
  const input = convert(raw.input);
  const output = convert(raw.output);
  if (input === undefined || output === undefined) return undefined;
  const cacheRead = convert(raw.cacheRead);
  const cacheWrite = convert(raw.cacheWrite);
  return {
    input,
    output,
    ...(cacheRead === undefined ? {} : { cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWrite }),
  };
}

/** An ISO date (`2025-09-29`) from an RFC 3339 time or a date; `undefined` for anything else. */
export function isoDate(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1];
}

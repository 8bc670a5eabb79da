import type { ModelPricing } from './ModelFacts.js';

/** A token count for people: `512`, `128k`, `1m`, `1.5m`. */
export function formatTokens(tokens: number): string {
  if (tokens < 1_000) return String(tokens);
  if (tokens < 1_000_000) return `${Math.round(tokens / 1_000)}k`;
  return `${Number((tokens / 1_000_000).toFixed(1))}m`;
}

/** A price per million tokens: `$10`, `$2.50`, `$0.15`, `$0.075`. */
export function formatPrice(dollars: number): string {
  if (Number.isInteger(dollars)) return `$${dollars}`;
  return dollars >= 0.1 ? `$${dollars.toFixed(2)}` : `$${Number(dollars.toPrecision(2))}`;
}

/** Input and output price: `$2.50/$10` (per million tokens). */
export function formatPricing(pricing: ModelPricing): string {
  return `${formatPrice(pricing.input)}/${formatPrice(pricing.output)}`;
}

/** A one-line hint for a picker: `128k · $2.50/$10`; `undefined` when nothing is known. */
export function factsHint(facts: { readonly contextWindow?: number | undefined; readonly pricing?: ModelPricing | undefined }): string | undefined {
  const parts: string[] = [];
  if (facts.contextWindow !== undefined) parts.push(formatTokens(facts.contextWindow));
  if (facts.pricing !== undefined) parts.push(formatPricing(facts.pricing));
  return parts.length === 0 ? undefined : parts.join(' · ');
}

/** Reads `200k`, `1m`, `1.5M` or `128000` as a token count; `undefined` when it is none. */
export function parseTokenCount(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text);
  if (match === null) return undefined;
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[(match[2] ?? '').toLowerCase()] ?? 1;
  const tokens = Math.round(Number(match[1]) * scale);
  return Number.isSafeInteger(tokens) ? tokens : undefined;
}

import type { ModelFacts } from './ModelFacts.js';

/** Where a catalog came from: shipped with the package, or fetched by `scoped-models catalog update`. */
export type FactsCatalogSource = 'bundled' | 'fetched';

/** One provider's models in a catalog, by exact id. */
export type CatalogProvider = ReadonlyMap<string, ModelFacts>;

/**
 * A snapshot of the models.dev catalog: facts by provider id and model id. Facts are interned
 * frozen objects shared by every model (and every manager) that has them.
 */
export class FactsCatalog {
  /** `bundled` or `fetched`. */
  readonly source: FactsCatalogSource;
  /** The newest `last_updated` of its models (ISO date): how current its facts are. */
  readonly date: string;
  /** When it was fetched (ms since the epoch); `undefined` for the bundled one. */
  readonly fetchedAt: number | undefined;
  readonly #providers: ReadonlyMap<string, CatalogProvider>;

  constructor(options: { source: FactsCatalogSource; date: string; fetchedAt?: number | undefined; providers: ReadonlyMap<string, CatalogProvider> }) {
    this.source = options.source;
    this.date = options.date;
    this.fetchedAt = options.fetchedAt;
    this.#providers = options.providers;
  }

  /** The models of one models.dev provider id (`openai`, `google`, `togetherai`, …). */
  provider(providerId: string): CatalogProvider | undefined {
    return this.#providers.get(providerId);
  }

  /** The provider ids it holds, sorted. */
  providerIds(): string[] {
    return [...this.#providers.keys()].sort();
  }

  /** How many models it holds in all. */
  get size(): number {
    let count = 0;
    for (const models of this.#providers.values()) count += models.size;
    return count;
  }
}

/**
 * The catalog facts of `modelId` at one provider: the exact id, else one of the ids the
 * provider itself says name the same model (`aliases`). Never a prefix or a guess: a dated
 * snapshot (`gpt-4o-2024-08-06`) has facts only where the catalog lists that id.
 */
export function lookupFacts(models: CatalogProvider | undefined, modelId: string, aliases?: readonly string[]): ModelFacts | undefined {
  if (models === undefined) return undefined;
  const exact = models.get(modelId);
  if (exact !== undefined || aliases === undefined) return exact;
  for (const alias of aliases) {
    const facts = models.get(alias);
    if (facts !== undefined) return facts;
  }
  return undefined;
}

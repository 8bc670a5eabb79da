import type { ModelFacts, ModelPricing } from './ModelFacts.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Hands out one frozen object per distinct value, so that thousands of models with the same
 * facts hold one object between them. One interner per list (or catalog): it is dropped with it.
 */
export class FactInterner {
  readonly #facts = new Map<string, ModelFacts>();
  readonly #lists = new Map<string, readonly string[]>();
  readonly #prices = new Map<string, ModelPricing>();

  /** The shared frozen copy of `facts`, without its absent fields; `undefined` when none is present. */
  facts(facts: ModelFacts): ModelFacts | undefined {
    const out: Mutable<ModelFacts> = {};
    if (facts.contextWindow !== undefined) out.contextWindow = facts.contextWindow;
    if (facts.maxOutputTokens !== undefined) out.maxOutputTokens = facts.maxOutputTokens;
    if (facts.inputModalities !== undefined) out.inputModalities = this.list(facts.inputModalities);
    if (facts.outputModalities !== undefined) out.outputModalities = this.list(facts.outputModalities);
    if (facts.pricing !== undefined) out.pricing = this.pricing(facts.pricing);
    if (facts.capabilities !== undefined && facts.capabilities.length > 0) out.capabilities = this.list(facts.capabilities);
    if (facts.releaseDate !== undefined) out.releaseDate = facts.releaseDate;
    if (facts.knowledgeCutoff !== undefined) out.knowledgeCutoff = facts.knowledgeCutoff;
    const key = JSON.stringify(out);
    if (key === '{}') return undefined;
    return intern(this.#facts, key, () => Object.freeze(out));
  }

  /** The shared frozen copy of a list of words (modalities, capabilities), order kept. */
  list<T extends string>(items: readonly T[]): readonly T[] {
    return intern(this.#lists, items.join('\u0000'), () => Object.freeze([...items])) as readonly T[];
  }

  /** The shared frozen copy of a price. */
  pricing(pricing: ModelPricing): ModelPricing {
    const { input, output, cacheRead, cacheWrite } = pricing;
    return intern(this.#prices, `${input}|${output}|${cacheRead ?? ''}|${cacheWrite ?? ''}`, () => {
      const copy: Mutable<ModelPricing> = { input, output };
      if (cacheRead !== undefined) copy.cacheRead = cacheRead;
      if (cacheWrite !== undefined) copy.cacheWrite = cacheWrite;
      return Object.freeze(copy);
    });
  }
}

function intern<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

import type { Modality, ModelPricing } from '../facts/ModelFacts.js';

/** What is known of one model a provider offers. Every fact is optional: where unknown, leave it out. */
export interface ModelInfo {
  /** The provider's own id, e.g. `gpt-4o` or `llama3.2:latest`. */
  id: string;
  /** A human-readable name, where the provider gives one. */
  displayName?: string | undefined;
  /** Input context window in tokens, where known. */
  contextWindow?: number | undefined;
  /**
   * What the model does, in the words of `CAPABILITIES` (`chat`, `embedding`, `speech`, `vision`, …);
   * none known counts as `chat`. `other`: the provider described it and no word fits (never chat).
   */
  capabilities?: string[] | undefined;
  /** The date (or note) of the provider's announced retirement of this model, where it says so. */
  deprecated?: string | undefined;
  /** Most tokens one answer may hold, where the provider says. */
  maxOutputTokens?: number | undefined;
  /** What the model takes in, where the provider says (`text`, `image`, …). */
  inputModalities?: Modality[] | undefined;
  /** What the model gives out, where the provider says. */
  outputModalities?: Modality[] | undefined;
  /** Prices per million tokens, where the provider says. */
  pricing?: ModelPricing | undefined;
  /** Other ids the provider says name the same model (Mistral's `aliases`); never removes an id. */
  aliases?: string[] | undefined;
  /** ISO date of release, where known. */
  releaseDate?: string | undefined;
  /** ISO date (or month) of the training data cut-off, where known. */
  knowledgeCutoff?: string | undefined;
}

/** A provider's answer with the count of entries it had to drop as malformed. */
export interface ModelListing {
  models: ModelInfo[];
  /** Entries the provider sent that could not be read. */
  invalid: number;
}

/**
 * One source of models: the scope of `openai/gpt-4o`. Adapters speak one API family each;
 * users bind their own under `TYPES.ModelProvider`.
 */
export interface ModelProvider {
  /** The scope: `openai`, `lmstudio`, … It may not contain the separator. */
  readonly name: string;
  /** Asks the provider for its models; must stop when `signal` aborts. */
  listModels(signal: AbortSignal): Promise<ModelInfo[] | ModelListing>;
  /**
   * Why the provider cannot be used right now (no API key, say); `undefined` when it can.
   * An unusable provider contributes no models and is skipped by discovery.
   */
  readonly unavailableReason?: string | undefined;
  /**
   * Models known without asking the network (a fixed list), shown before any discovery. A
   * provider that has them takes no pins from a same-named config entry's `models`.
   */
  readonly initialModels?: readonly ModelInfo[] | undefined;
}

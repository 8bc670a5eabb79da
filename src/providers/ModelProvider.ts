/** What is known of one model a provider offers. */
export interface ModelInfo {
  /** The provider's own id, e.g. `gpt-4o` or `llama3.2:latest`. */
  id: string;
  /** A human-readable name, where the provider gives one. */
  displayName?: string | undefined;
  /** Input context window in tokens, where known. */
  contextWindow?: number | undefined;
  /** What the model does: `chat`, `embedding`, `image`, `audio`, `moderation`, …; none known counts as `chat`. */
  capabilities?: string[] | undefined;
  /** The date (or note) of the provider's announced retirement of this model, where it says so. */
  deprecated?: string | undefined;
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
  /** Models known without asking the network (a fixed list), shown before any discovery. */
  readonly initialModels?: readonly ModelInfo[] | undefined;
}

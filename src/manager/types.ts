/** Narrows `validScopedModels()`: each distinct query is cached under its own key. */
export interface ModelQuery {
  /** Only these providers; `[]` gives an empty list, unknown names contribute nothing. */
  providers?: readonly string[] | undefined;
  /** Only models with this capability (`chat`, `embedding`, …); a model with none known counts as `chat`. */
  capability?: string | undefined;
}

/** What is known of one valid model, for pickers that show more than an id. Frozen. */
export interface ScopedModelInfo {
  /** The scoped id: `openai/gpt-4o`. */
  readonly id: string;
  readonly provider: string;
  /** The provider's own id: `gpt-4o`. */
  readonly model: string;
  readonly displayName?: string;
  readonly contextWindow?: number;
  /** Never empty: a model with no capability data counts as `chat`. */
  readonly capabilities: readonly string[];
  readonly deprecated?: string;
}

/** Each provider's state, for status pages and health checks. Never holds a key. */
export interface ProviderStatus {
  name: string;
  /** `never` until a discovery has finished for it; then the outcome of the latest one. */
  state: 'never' | 'ok' | 'failed';
  /** Models it contributes now (after filters); 0 while unavailable. */
  models: number;
  /** False when disabled or missing a credential; see `unavailableReason`. */
  available: boolean;
  unavailableReason?: string;
  lastSuccessAt?: Date;
  lastError?: { code: string; message: string; at: Date };
}

/** One provider's part of a discovery. */
export interface ProviderReport {
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  /** Models it contributes after this discovery (its last good list when it failed). */
  models: number;
  /** Entries dropped as malformed. */
  invalid: number;
  durationMs: number;
  /** The error's code, when failed or skipped. */
  code?: string;
  /** What went wrong and what to do; never holds a key. */
  error?: string;
  /** Scoped ids that this discovery added. */
  added: string[];
  /** Scoped ids that this discovery removed. */
  removed: string[];
}

/** What `discoverModels()` did, provider by provider. */
export interface DiscoveryReport {
  startedAt: Date;
  durationMs: number;
  providers: ProviderReport[];
}

/** Passed to `onChange` listeners after a commit that changed the valid list or what is known of it. */
export interface ModelsChange {
  added: string[];
  removed: string[];
  /** Grows by one with each change. */
  generation: number;
}

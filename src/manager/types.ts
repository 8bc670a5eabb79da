import type { Capability } from '../capabilities/Capability.js';
import type { Modality, ModelPricing } from '../facts/ModelFacts.js';

/** Narrows `validScopedModels()`: each distinct query is cached under its own key. */
export interface ModelQuery {
  /** Only these providers; `[]` gives an empty list, unknown names contribute nothing. */
  providers?: readonly string[] | undefined;
  /** Only models with this capability (`chat`, `embedding`, …); a model with none known counts as `chat`. */
  capability?: string | undefined;
  /** Only models with every one of these capabilities. */
  capabilities?: readonly Capability[] | undefined;
  /** Only models whose known context window is at least this many tokens (unknown ones are left out). */
  minContextWindow?: number | undefined;
}

/** Where a fact about a model came from: the provider's own answer, or the bundled catalog ("typical"). */
export type FactSource = 'provider' | 'catalog';

/** What is known of one valid model, for pickers that show more than an id. Frozen. */
export interface ScopedModelInfo {
  /** The scoped id: `openai/gpt-4o`. */
  readonly id: string;
  readonly provider: string;
  /** The provider's own id: `gpt-4o`. */
  readonly model: string;
  readonly displayName?: string;
  /** Input context window in tokens. */
  readonly contextWindow?: number;
  /** Most tokens one answer may hold. */
  readonly maxOutputTokens?: number;
  readonly inputModalities?: readonly Modality[];
  readonly outputModalities?: readonly Modality[];
  /** US dollars per million tokens. */
  readonly pricing?: ModelPricing;
  /** Never empty: a model with no capability data counts as `chat`. */
  readonly capabilities: readonly string[];
  readonly deprecated?: string;
  /** Other ids that name the same model at its provider. */
  readonly aliases?: readonly string[];
  readonly releaseDate?: string;
  readonly knowledgeCutoff?: string;
  /** For each fact present above, where it came from. */
  readonly sources?: Readonly<Partial<Record<ModelFactName, FactSource>>>;
}

/** The facts of `ScopedModelInfo` whose source is recorded. */
export type ModelFactName =
  | 'contextWindow'
  | 'maxOutputTokens'
  | 'inputModalities'
  | 'outputModalities'
  | 'pricing'
  | 'capabilities'
  | 'releaseDate'
  | 'knowledgeCutoff';

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
  /** How long the provider asked us to wait (its `Retry-After`), in ms, as it asked it. */
  retryAfterMs?: number;
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

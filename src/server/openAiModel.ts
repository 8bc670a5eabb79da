import type { Modality, ModelPricing } from '../facts/ModelFacts.js';
import type { ScopedModelInfo } from '../manager/types.js';

/**
 * One model in OpenAI's list shape, with what scoped-models knows of it.
 * `created` is 0: providers do not all say when a model was made, and a value that varied
 * between instances or discoveries would change the ETag of an unchanged list.
 */
export interface OpenAiModel {
  /** The scoped id: `openai/gpt-4o`. */
  id: string;
  object: 'model';
  /** Unix seconds; always 0 (unknown). */
  created: number;
  /** The provider's name: the scope of the id. */
  owned_by: string;
  display_name?: string;
  /** Input context window in tokens. */
  context_window?: number;
  /** Most tokens one answer may hold. */
  max_output_tokens?: number;
  /** US dollars per million tokens. */
  pricing?: OpenAiModelPricing;
  /** Never empty; a model with none known counts as `chat`. */
  capabilities: readonly string[];
  /** What the model takes in: `text`, `image`, `audio`, `video`, `file`. */
  input_modalities?: readonly Modality[];
  /** What the model gives out. */
  output_modalities?: readonly Modality[];
  /** The provider's announced retirement, where it says so. */
  deprecated?: string;
}

/** Prices of one model in US dollars per million tokens; cache prices only where known. */
export interface OpenAiModelPricing {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
}

/** OpenAI's list body: `{ object: "list", data }`. */
export interface OpenAiModelList {
  object: 'list';
  data: OpenAiModel[];
}

/** Converts what the manager knows of a model to its OpenAI-shaped entry; unknown facts are left out. */
export function toOpenAiModel(info: ScopedModelInfo): OpenAiModel {
  const model: OpenAiModel = { id: info.id, object: 'model', created: 0, owned_by: info.provider, capabilities: info.capabilities };
  if (info.displayName !== undefined) model.display_name = info.displayName;
  if (info.contextWindow !== undefined) model.context_window = info.contextWindow;
  if (info.maxOutputTokens !== undefined) model.max_output_tokens = info.maxOutputTokens;
  if (info.pricing !== undefined) model.pricing = pricingOf(info.pricing);
  if (info.inputModalities !== undefined) model.input_modalities = info.inputModalities;
  if (info.outputModalities !== undefined) model.output_modalities = info.outputModalities;
  if (info.deprecated !== undefined) model.deprecated = info.deprecated;
  return model;
}

function pricingOf(pricing: ModelPricing): OpenAiModelPricing {
  const out: OpenAiModelPricing = { input: pricing.input, output: pricing.output };
  if (pricing.cacheRead !== undefined) out.cache_read = pricing.cacheRead;
  if (pricing.cacheWrite !== undefined) out.cache_write = pricing.cacheWrite;
  return out;
}

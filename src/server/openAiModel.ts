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
  /** Never empty; a model with none known counts as `chat`. */
  capabilities: readonly string[];
  /** The provider's announced retirement, where it says so. */
  deprecated?: string;
}

/** OpenAI's list body: `{ object: "list", data }`. */
export interface OpenAiModelList {
  object: 'list';
  data: OpenAiModel[];
}

/** Converts what the manager knows of a model to its OpenAI-shaped entry. */
export function toOpenAiModel(info: ScopedModelInfo): OpenAiModel {
  const model: OpenAiModel = { id: info.id, object: 'model', created: 0, owned_by: info.provider, capabilities: info.capabilities };
  if (info.displayName !== undefined) model.display_name = info.displayName;
  if (info.contextWindow !== undefined) model.context_window = info.contextWindow;
  if (info.deprecated !== undefined) model.deprecated = info.deprecated;
  return model;
}

import { z } from 'zod';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
import { capabilitiesOfType, capabilitiesOfWords } from './openAiModels.js';

const v0Schema = z.object({
  data: z.array(
    z
      .object({ id: z.string(), type: optionalText, max_context_length: tokenCount, capabilities: lenient(z.array(z.string())) })
      .catch({ id: '' }),
  ),
});

/** LM Studio's `/api/v0/models` beside its `/v1` base URL (a path prefix in front is kept). */
export function lmStudioTypesUrl(baseUrl: string): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/v1\/?$/, '').replace(/\/+$/, '')}/api/v0/models`;
  return url;
}

/**
 * The listing with capabilities and context windows from LM Studio's `/api/v0/models` answer:
 * `type` (`llm`, `vlm`, `embeddings`) decides, and `capabilities: ["tool_use"]` adds `tools`.
 */
export function withLmStudioTypes(listing: ModelListing, v0Body: unknown): ModelListing {
  const parsed = v0Schema.safeParse(v0Body);
  if (!parsed.success) return listing;
  const byId = new Map(parsed.data.data.map((entry) => [entry.id, entry]));
  return {
    invalid: listing.invalid,
    models: listing.models.map((model) => {
      const extra = byId.get(model.id);
      if (extra === undefined) return model;
      const capabilities = capabilitiesOfType(extra.type);
      const enriched = { ...model };
      if (capabilities !== undefined) {
        const tools = capabilities.includes('chat') && capabilitiesOfWords(extra.capabilities)?.includes('tools') === true;
        enriched.capabilities = tools ? [...capabilities, 'tools'] : capabilities;
      }
      if (enriched.contextWindow === undefined && extra.max_context_length !== undefined) enriched.contextWindow = extra.max_context_length;
      return enriched;
    }),
  };
}

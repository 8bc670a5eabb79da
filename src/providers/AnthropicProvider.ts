import { z } from 'zod';
import { ProviderError } from '../errors/ProviderError.js';
import { collectPages } from './collectPages.js';
import { HttpModelProvider, type HttpProviderOptions } from './HttpModelProvider.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { Capability } from '../capabilities/Capability.js';
import type { Modality } from '../facts/ModelFacts.js';
import type { ModelInfo, ModelListing } from './ModelProvider.js';
import { isoDate } from './providerFacts.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';
import { modelInfo, readEntries } from './readEntries.js';

/** The API version sent unless `headers` names another. */
export const ANTHROPIC_VERSION = '2023-06-01';

// Strict where leniency would lose models silently: a mistyped has_more or cursor fails the listing.
const pageSchema = z.object({
  data: z.array(z.unknown()),
  has_more: z.boolean().optional(),
  last_id: z.string().nullable().optional(),
});

const supported = lenient(z.object({ supported: lenient(z.boolean()) }));

const entrySchema = z.object({
  id: z.string(),
  display_name: optionalText,
  created_at: optionalText,
  max_input_tokens: tokenCount,
  max_tokens: tokenCount,
  capabilities: lenient(z.object({ image_input: supported, pdf_input: supported, thinking: supported })),
});

type AnthropicEntry = z.output<typeof entrySchema>;

/**
 * Anthropic: `GET {baseUrl}/v1/models` with `x-api-key` and `anthropic-version`; asks 1000 per
 * page and follows `after_id` while `has_more`. Every model is a chat model; where the API sends
 * `capabilities` (newer versions), image and PDF input and thinking are read from it.
 * @example new AnthropicProvider({ name: 'anthropic', apiKey: process.env.ANTHROPIC_API_KEY })
 */
export class AnthropicProvider extends HttpModelProvider {
  constructor(options: HttpProviderOptions) {
    super(options, TYPE_DEFAULTS.anthropic);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const entries = await collectPages(this.name, signal, async (afterId) => {
      const { body } = await this.getJson(this.endpoint('/v1/models', { limit: '1000', after_id: afterId }), listing);
      const page = pageSchema.safeParse(body);
      if (!page.success) throw new ProviderError(this.name, 'bad_response', 'the answer held no "data" list; check baseUrl');
      const { data, has_more: hasMore, last_id: lastId } = page.data;
      if (hasMore === true && (lastId === undefined || lastId === null)) {
        throw new ProviderError(this.name, 'bad_response', 'the answer said more pages follow but gave no "last_id"; try again later');
      }
      return { entries: data, next: hasMore === true ? (lastId ?? undefined) : undefined };
    });
    return readEntries(entries, entrySchema, (entry) =>
      modelInfo({
        id: entry.id,
        displayName: entry.display_name,
        contextWindow: entry.max_input_tokens,
        maxOutputTokens: entry.max_tokens,
        releaseDate: isoDate(entry.created_at),
        ...anthropicCapabilities(entry),
      }),
    );
  }

  protected override defaultHeaders(): Record<string, string> {
    return { 'anthropic-version': ANTHROPIC_VERSION };
  }

  protected authHeaders(key: string): Record<string, string> {
    return { 'x-api-key': key };
  }
}

/** Capabilities and input modalities from the entry's `capabilities`, where the API sends them. */
function anthropicCapabilities(entry: AnthropicEntry): Pick<ModelInfo, 'capabilities' | 'inputModalities'> {
  const said = entry.capabilities;
  const capabilities: Capability[] = ['chat'];
  if (said?.image_input?.supported === true) capabilities.push('vision');
  if (said?.thinking?.supported === true) capabilities.push('reasoning');
  if (said === undefined) return { capabilities };
  const inputModalities: Modality[] = ['text'];
  if (said.image_input?.supported === true) inputModalities.push('image');
  if (said.pdf_input?.supported === true) inputModalities.push('file');
  return { capabilities, inputModalities };
}

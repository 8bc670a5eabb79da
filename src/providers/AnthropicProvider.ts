import { z } from 'zod';
import { ProviderError } from '../errors/ProviderError.js';
import { collectPages } from './collectPages.js';
import { HttpModelProvider, type HttpProviderOptions } from './HttpModelProvider.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
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

const entrySchema = z.object({
  id: z.string(),
  display_name: optionalText,
  max_input_tokens: tokenCount,
  capabilities: lenient(z.object({ image_input: lenient(z.object({ supported: lenient(z.boolean()) })) })),
});

/**
 * Anthropic: `GET {baseUrl}/v1/models` with `x-api-key` and `anthropic-version`; asks 1000 per
 * page and follows `after_id` while `has_more`. Every model is a chat model; `vision` is added
 * where the API says it takes images.
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
        capabilities: entry.capabilities?.image_input?.supported === true ? ['chat', 'vision'] : ['chat'],
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

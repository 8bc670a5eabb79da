import { z } from 'zod';
import { ProviderError } from '../../errors/ProviderError.js';
import { collectPages } from '../collectPages.js';
import { HttpModelProvider, type HttpProviderOptions } from '../HttpModelProvider.js';
import type { ModelListing } from '../ModelProvider.js';
import { TYPE_DEFAULTS } from '../providerDefaults.js';
import { readCohereModels } from './readCohereModels.js';

// Strict where leniency would lose models silently: a mistyped list or cursor fails the listing.
const pageSchema = z.object({ models: z.array(z.unknown()), next_page_token: z.string().nullable().optional() });

/**
 * Cohere: `GET {baseUrl}/v1/models` with `Authorization: Bearer`, 1000 per page, following
 * `next_page_token`. `endpoints` (`chat`, `embed`, `rerank`, …) and `features` decide the
 * capabilities; `context_length` is the context window.
 * @example new CohereProvider({ name: 'cohere', apiKey: process.env.COHERE_API_KEY })
 */
export class CohereProvider extends HttpModelProvider {
  constructor(options: HttpProviderOptions) {
    super(options, TYPE_DEFAULTS.cohere);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const entries = await collectPages(this.name, signal, async (pageToken) => {
      const { body } = await this.getJson(this.endpoint('/v1/models', { page_size: '1000', page_token: pageToken }), listing);
      const page = pageSchema.safeParse(body);
      if (!page.success) throw new ProviderError(this.name, 'bad_response', 'the answer held no "models" list; check baseUrl');
      return { entries: page.data.models, next: page.data.next_page_token || undefined };
    });
    return readCohereModels(entries);
  }

  protected authHeaders(key: string): Record<string, string> {
    return { authorization: `Bearer ${key}` };
  }
}

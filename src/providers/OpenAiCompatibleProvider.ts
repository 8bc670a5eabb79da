import { ProviderError } from '../errors/ProviderError.js';
import type { IdFamily } from './classifyModelId.js';
import { HttpModelProvider, type HttpProviderOptions, type Listing } from './HttpModelProvider.js';
import { lmStudioTypesUrl, withLmStudioTypes } from './lmStudioTypes.js';
import { readMistralModels } from './mistralModels.js';
import type { ModelListing } from './ModelProvider.js';
import { listEntries, readOpenAiModels } from './openAiModels.js';
import { providerDefaults, type CompatiblePreset, type ProviderDefaults } from './providerDefaults.js';

/** Options of an {@link OpenAiCompatibleProvider}. */
export interface OpenAiCompatibleProviderOptions extends HttpProviderOptions {
  /** Gives the default base URL and key variable, and turns on the server's quirks (see docs/providers.md). */
  preset?: CompatiblePreset | undefined;
}

/**
 * Any server that speaks OpenAI's protocol: `GET {baseUrl}/models` with an optional
 * `Authorization: Bearer` key. Accepts `{ data }`, a bare array or `{ models }`.
 * @example new OpenAiCompatibleProvider({ name: 'lmstudio', preset: 'lmstudio' })
 */
export class OpenAiCompatibleProvider extends HttpModelProvider {
  /** The preset, when one was given. */
  readonly preset: CompatiblePreset | undefined;
  /** Whose naming habits the id rules follow when the list says nothing of a model. */
  protected readonly idFamily: IdFamily = 'generic';

  constructor(options: OpenAiCompatibleProviderOptions, defaults: ProviderDefaults = providerDefaults('openai-compatible', options.preset)) {
    super(options, defaults);
    this.preset = options.preset;
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const { body } = await this.getJson(this.endpoint('/models'), listing);
    const entries = listEntries(body);
    if (entries === undefined) {
      throw new ProviderError(this.name, 'bad_response', 'the answer held no model list (expected "data", "models" or an array); check baseUrl');
    }
    if (this.preset === 'mistral') return readMistralModels(entries);
    const models = readOpenAiModels(entries, this.idFamily);
    return this.preset === 'lmstudio' ? this.#addLmStudioTypes(models, listing) : models;
  }

  protected authHeaders(key: string): Record<string, string> {
    return { authorization: `Bearer ${key}` };
  }

  /** LM Studio's own `/api/v0/models` says which models are LLMs, VLMs or embeddings; it is optional. */
  async #addLmStudioTypes(models: ModelListing, listing: Listing): Promise<ModelListing> {
    try {
      const { body } = await this.getJson(lmStudioTypesUrl(this.baseUrl), listing, 0);
      return withLmStudioTypes(models, body);
    } catch (error) {
      if (listing.signal.aborted) throw error;
      return models;
    }
  }
}

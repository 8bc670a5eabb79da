import { ProviderError } from '../../errors/ProviderError.js';
import { HttpModelProvider, type HttpProviderOptions } from '../HttpModelProvider.js';
import type { ModelListing } from '../ModelProvider.js';
import { listEntries } from '../openAiModels.js';
import { PRESET_DEFAULTS } from '../providerDefaults.js';
import { readHuggingFaceModels } from './readHuggingFaceModels.js';

/**
 * The Hugging Face inference router, the `huggingface` preset of `openai-compatible`:
 * `GET https://router.huggingface.co/v1/models` with `Authorization: Bearer $HF_TOKEN`. The
 * router adds each model's modalities and, per inference provider, context length, price and
 * tool support; those are read (see {@link readHuggingFaceModels}).
 * @example new HuggingFaceProvider({ name: 'huggingface', apiKey: process.env.HF_TOKEN })
 */
export class HuggingFaceProvider extends HttpModelProvider {
  /** Always `huggingface`: the preset this adapter serves. */
  readonly preset = 'huggingface';

  constructor(options: HttpProviderOptions) {
    super(options, PRESET_DEFAULTS.huggingface);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const { body } = await this.getJson(this.endpoint('/models'), listing);
    const entries = listEntries(body);
    if (entries === undefined) throw new ProviderError(this.name, 'bad_response', 'the answer held no "data" list; check baseUrl');
    return readHuggingFaceModels(entries);
  }

  protected authHeaders(key: string): Record<string, string> {
    return { authorization: `Bearer ${key}` };
  }
}

import { OpenAiCompatibleProvider } from './OpenAiCompatibleProvider.js';
import type { HttpProviderOptions } from './HttpModelProvider.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';

/**
 * OpenAI: `GET https://api.openai.com/v1/models` with `Authorization: Bearer $OPENAI_API_KEY`.
 * The list mixes chat, embedding, speech, image and moderation models; each is classified by
 * its id. Without a key it is unavailable (skipped).
 * @example new OpenAiProvider({ name: 'openai', apiKey: process.env.OPENAI_API_KEY })
 */
export class OpenAiProvider extends OpenAiCompatibleProvider {
  constructor(options: HttpProviderOptions) {
    super({ ...options, preset: undefined }, TYPE_DEFAULTS.openai);
  }
}

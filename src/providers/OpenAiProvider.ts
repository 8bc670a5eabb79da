import { OpenAiCompatibleProvider } from './OpenAiCompatibleProvider.js';
import type { IdFamily } from './classifyModelId.js';
import type { HttpProviderOptions } from './HttpModelProvider.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';

/**
 * OpenAI: `GET https://api.openai.com/v1/models` with `Authorization: Bearer $OPENAI_API_KEY`.
 * The list mixes chat, embedding, speech, transcription, image, video, moderation, realtime and
 * completion-only models and says nothing of which is which: OpenAI's id families decide
 * (see `classifyModelId`). Without a key it is unavailable (skipped).
 * @example new OpenAiProvider({ name: 'openai', apiKey: process.env.OPENAI_API_KEY })
 */
export class OpenAiProvider extends OpenAiCompatibleProvider {
  protected override readonly idFamily: IdFamily = 'openai';

  constructor(options: HttpProviderOptions) {
    super({ ...options, preset: undefined }, TYPE_DEFAULTS.openai);
  }
}

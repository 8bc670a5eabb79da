import { z } from 'zod';
import { ProviderError } from '../errors/ProviderError.js';
import type { JsonResponse } from '../http/HttpClient.js';
import { classifyModelId, orOther } from './classifyModelId.js';
import { collectPages } from './collectPages.js';
import { HttpModelProvider, type HttpProviderOptions, type Listing } from './HttpModelProvider.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';
import { modelInfo, readEntries } from './readEntries.js';

// Strict where leniency would lose models silently: a mistyped list or cursor fails the listing.
const pageSchema = z.object({ models: z.array(z.unknown()).optional(), nextPageToken: z.string().optional() });

const entrySchema = z.object({
  name: z.string(),
  displayName: optionalText,
  inputTokenLimit: tokenCount,
  outputTokenLimit: tokenCount,
  supportedGenerationMethods: lenient(z.array(z.string())),
  thinking: lenient(z.boolean()),
});

/**
 * Google Gemini (Generative Language API): `GET {baseUrl}/v1beta/models` with the key in the
 * `x-goog-api-key` header (never in the URL, where logs would keep it); 1000 per page,
 * following `nextPageToken`. The `models/` prefix is stripped from each name.
 * @example new GeminiProvider({ name: 'gemini', apiKey: process.env.GEMINI_API_KEY })
 */
export class GeminiProvider extends HttpModelProvider {
  constructor(options: HttpProviderOptions) {
    super(options, TYPE_DEFAULTS.gemini);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const entries = await collectPages(this.name, signal, async (pageToken) => {
      const { body } = await this.#getPage(this.endpoint('/v1beta/models', { pageSize: '1000', pageToken }), listing);
      const page = pageSchema.safeParse(body);
      if (!page.success) {
        throw new ProviderError(this.name, 'bad_response', 'the answer was not a model list; check baseUrl');
      }
      // An empty last page may leave `models` out altogether.
      return { entries: page.data.models ?? [], next: page.data.nextPageToken || undefined };
    });
    return readEntries(entries, entrySchema, (entry) => {
      const id = entry.name.replace(/^models\//, '');
      return modelInfo({
        id,
        displayName: entry.displayName,
        contextWindow: entry.inputTokenLimit,
        // Embedding models answer an output limit of 1: not a limit anyone picks by.
        maxOutputTokens: entry.outputTokenLimit !== undefined && entry.outputTokenLimit > 1 ? entry.outputTokenLimit : undefined,
        capabilities: geminiCapabilities(id, entry.supportedGenerationMethods, entry.thinking),
      });
    });
  }

  protected authHeaders(key: string): Record<string, string> {
    return { 'x-goog-api-key': key };
  }

  /**
   * Google answers a bad key with 400 and the reason `API_KEY_INVALID`, not 401: that one is an
   * auth failure; any other 400 is reported with the reason Google gave.
   */
  async #getPage(url: URL, listing: Listing): Promise<JsonResponse> {
    try {
      return await this.getJson(url, listing);
    } catch (error) {
      if (!(error instanceof ProviderError) || error.status !== 400) throw error;
      const options = { status: 400, reason: error.reason };
      if (error.reason === 'API_KEY_INVALID') {
        throw new ProviderError(this.name, 'auth', `the API key was rejected (400 API_KEY_INVALID); check ${this.keyHint}`, options);
      }
      const why = error.reason === undefined ? '' : ` ${error.reason}`;
      throw new ProviderError(this.name, 'http_error', `the request was refused (400${why}); check baseUrl, ${this.keyHint} and that the key's project may use the Gemini API`, options);
    }
  }
}

/** The methods of Gemini's embedding models, `embedText` of the older PaLM ones included. */
const EMBEDDING_METHODS: ReadonlySet<string> = new Set(['embedContent', 'batchEmbedContents', 'asyncBatchEmbedContent', 'embedText']);

/**
 * From `supportedGenerationMethods` first: `generateContent` is chat unless the id is of a family
 * that answers it without being a chat model (image, music, speech, Live, `aqa`); `embedContent`
 * is embedding; `predict*` is Imagen or Veo; `bidiGenerateContent` alone is the Live API (audio).
 * `thinking: true` adds `reasoning`. Without methods, the id decides.
 */
export function geminiCapabilities(id: string, methods: readonly string[] | undefined, thinking?: boolean): string[] {
  const byId = classifyModelId(id, 'gemini');
  if (methods === undefined) return orOther(byId);
  const capabilities = new Set<string>();
  if (methods.includes('generateContent')) for (const capability of byId) capabilities.add(capability);
  if (methods.some((method) => EMBEDDING_METHODS.has(method))) capabilities.add('embedding');
  if (methods.some((method) => method.startsWith('predict'))) capabilities.add(byId.includes('video') ? 'video' : 'image');
  if (methods.includes('bidiGenerateContent') && !methods.includes('generateContent')) capabilities.add('audio');
  if (thinking === true && capabilities.has('chat')) capabilities.add('reasoning');
  return orOther([...capabilities]);
}

import { z } from 'zod';
import { ProviderError } from '../errors/ProviderError.js';
import { classifyModelId, orOther } from './classifyModelId.js';
import { collectPages } from './collectPages.js';
import { HttpModelProvider, type HttpProviderOptions } from './HttpModelProvider.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
import { toModalities, toPricing, type RawPrices } from './providerFacts.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';
import { modelInfo, readEntries } from './readEntries.js';

const pageSchema = z.object({
  data: z.array(z.unknown()),
  links: lenient(z.object({ next: lenient(z.string().nullable()) })),
});

const words = lenient(z.array(z.string()));
const anyValue = z.unknown().optional();

const entrySchema = z.object({
  id: z.string(),
  name: optionalText,
  expiration_date: optionalText,
  knowledge_cutoff: optionalText,
  context_length: tokenCount,
  top_provider: lenient(z.object({ context_length: tokenCount, max_completion_tokens: tokenCount })),
  architecture: lenient(z.object({ modality: optionalText, input_modalities: words, output_modalities: words })),
  pricing: lenient(
    z.object({ prompt: anyValue, completion: anyValue, input_cache_read: anyValue, input_cache_write: anyValue }),
  ),
  supported_parameters: words,
});

type OpenRouterEntry = z.output<typeof entrySchema>;

/**
 * OpenRouter: `GET {baseUrl}/models?output_modalities=all` (key optional; without the query
 * only text models are listed). The architecture's modalities decide the capabilities; limits
 * and per-token prices (converted to per million) are read; `links.next` is followed.
 * @example new OpenRouterProvider({ name: 'openrouter' })
 */
export class OpenRouterProvider extends HttpModelProvider {
  constructor(options: HttpProviderOptions) {
    super(options, TYPE_DEFAULTS.openrouter);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const first = this.endpoint('/models', { output_modalities: 'all' });
    const entries = await collectPages(this.name, signal, async (next) => {
      const url = next === undefined ? first : new URL(next);
      const { body, url: answered } = await this.getJson(url, listing);
      const page = pageSchema.safeParse(body);
      if (!page.success) throw new ProviderError(this.name, 'bad_response', 'the answer held no "data" list; check baseUrl');
      return { entries: page.data.data, next: this.#nextPage(page.data.links?.next ?? undefined, answered) };
    });
    return readEntries(entries, entrySchema, (entry) => {
      const { input, output } = modalitiesOf(entry);
      return modelInfo({
        id: entry.id,
        displayName: entry.name,
        contextWindow: entry.context_length ?? entry.top_provider?.context_length,
        maxOutputTokens: entry.top_provider?.max_completion_tokens,
        inputModalities: toModalities(input),
        outputModalities: toModalities(output),
        pricing: entry.pricing === undefined ? undefined : toPricing(openRouterPrices(entry.pricing), 'token'),
        capabilities: openRouterCapabilities(entry.id, input, output, entry.supported_parameters),
        deprecated: entry.expiration_date,
        knowledgeCutoff: entry.knowledge_cutoff,
      });
    });
  }

  protected authHeaders(key: string): Record<string, string> {
    return { authorization: `Bearer ${key}` };
  }

  /** The next page's absolute URL; a link to another origin is refused, as a redirect would be. */
  #nextPage(link: string | null | undefined, answered: URL): string | undefined {
    if (link === undefined || link === null || link === '') return undefined;
    let url: URL;
    try {
      url = new URL(link, answered);
    } catch {
      throw new ProviderError(this.name, 'bad_response', 'the answer linked a next page that is not a URL; try again later');
    }
    if (url.origin !== answered.origin) {
      throw new ProviderError(this.name, 'bad_response', `the answer linked a next page on another origin than ${answered.origin}; refused`);
    }
    return url.href;
  }
}

/** The oldest lists said only `text` or `multimodal` (text and image in, text out). */
const OLDEST_MODALITIES: Readonly<Record<string, string>> = { text: 'text->text', multimodal: 'text+image->text' };

/**
 * The architecture's modalities: `input_modalities`/`output_modalities`, or the older
 * `modality` string (`text+image->text`, or the oldest `text`/`multimodal`) where those are absent.
 */
function modalitiesOf(entry: OpenRouterEntry): { input: string[] | undefined; output: string[] | undefined } {
  const architecture = entry.architecture;
  const modality = architecture?.modality;
  const [inputText, outputText] = (modality === undefined ? undefined : (OLDEST_MODALITIES[modality] ?? modality))?.split('->') ?? [];
  return {
    input: architecture?.input_modalities ?? inputText?.split('+'),
    output: architecture?.output_modalities ?? outputText?.split('+'),
  };
}

function openRouterPrices(pricing: NonNullable<OpenRouterEntry['pricing']>): RawPrices {
  return { input: pricing.prompt, output: pricing.completion, cacheRead: pricing.input_cache_read, cacheWrite: pricing.input_cache_write };
}

/**
 * Text out is chat (audio out too); image, audio, video or embeddings alone out are theirs.
 * Image in adds `vision` and audio in `audio`, to a chat model; `tools` and `reasoning` come
 * from the supported parameters. Without modalities the id decides.
 */
function openRouterCapabilities(
  id: string,
  input: readonly string[] | undefined,
  output: readonly string[] | undefined,
  parameters: readonly string[] | undefined,
): string[] {
  if (output === undefined) return orOther(classifyModelId(id));
  const capabilities = new Set<string>();
  if (output.includes('text')) capabilities.add('chat');
  if (output.includes('image')) capabilities.add('image');
  if (output.includes('audio') || (capabilities.has('chat') && input?.includes('audio') === true)) capabilities.add('audio');
  if (output.includes('video')) capabilities.add('video');
  if (output.includes('embeddings') || output.includes('embedding')) capabilities.add('embedding');
  if (capabilities.has('chat')) {
    if (input?.includes('image') === true) capabilities.add('vision');
    if (parameters?.includes('tools') === true) capabilities.add('tools');
    if (parameters?.includes('reasoning') === true || parameters?.includes('include_reasoning') === true) capabilities.add('reasoning');
  }
  return orOther(capabilities.size > 0 ? [...capabilities] : classifyModelId(id));
}

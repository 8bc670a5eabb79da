import { z } from 'zod';
import { ProviderError } from '../errors/ProviderError.js';
import { classifyModelId } from './classifyModelId.js';
import { collectPages } from './collectPages.js';
import { HttpModelProvider, type HttpProviderOptions } from './HttpModelProvider.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';
import { modelInfo, readEntries } from './readEntries.js';

const pageSchema = z.object({
  data: z.array(z.unknown()),
  links: lenient(z.object({ next: lenient(z.string().nullable()) })),
});

const modalities = lenient(z.array(z.string()));

const entrySchema = z.object({
  id: z.string(),
  name: optionalText,
  context_length: tokenCount,
  top_provider: lenient(z.object({ context_length: tokenCount })),
  architecture: lenient(z.object({ input_modalities: modalities, output_modalities: modalities })),
  supported_parameters: modalities,
});

type OpenRouterEntry = z.output<typeof entrySchema>;

/**
 * OpenRouter: `GET {baseUrl}/models` (key optional), reading `context_length` and the
 * architecture's modalities; follows `links.next` where the API pages its answer.
 * @example new OpenRouterProvider({ name: 'openrouter' })
 */
export class OpenRouterProvider extends HttpModelProvider {
  constructor(options: HttpProviderOptions) {
    super(options, TYPE_DEFAULTS.openrouter);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const first = this.endpoint('/models');
    const entries = await collectPages(this.name, signal, async (next) => {
      const url = next === undefined ? first : new URL(next);
      const { body, url: answered } = await this.getJson(url, listing);
      const page = pageSchema.safeParse(body);
      if (!page.success) throw new ProviderError(this.name, 'bad_response', 'the answer held no "data" list; check baseUrl');
      return { entries: page.data.data, next: this.#nextPage(page.data.links?.next ?? undefined, answered) };
    });
    return readEntries(entries, entrySchema, (entry) =>
      modelInfo({
        id: entry.id,
        displayName: entry.name,
        contextWindow: entry.context_length ?? entry.top_provider?.context_length,
        capabilities: openRouterCapabilities(entry),
      }),
    );
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

/** From the architecture: text out is chat, image/audio/video out likewise; image in adds vision. */
function openRouterCapabilities(entry: OpenRouterEntry): string[] {
  const output = entry.architecture?.output_modalities;
  if (output === undefined) return classifyModelId(entry.id);
  const capabilities = new Set<string>();
  if (output.includes('text')) capabilities.add('chat');
  if (output.includes('image')) capabilities.add('image');
  if (output.includes('audio')) capabilities.add('audio');
  if (output.includes('video')) capabilities.add('video');
  if (output.includes('embeddings')) capabilities.add('embedding');
  if (entry.architecture?.input_modalities?.includes('image') === true && capabilities.has('chat')) capabilities.add('vision');
  if (entry.supported_parameters?.includes('tools') === true) capabilities.add('tools');
  return capabilities.size > 0 ? [...capabilities] : classifyModelId(entry.id);
}

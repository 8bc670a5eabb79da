import { z } from 'zod';
import { ProviderError } from '../errors/ProviderError.js';
import { classifyModelId, orOther } from './classifyModelId.js';
import { HttpModelProvider, type HttpProviderOptions, type Listing } from './HttpModelProvider.js';
import { lenient, optionalText } from './lenient.js';
import type { ModelInfo, ModelListing } from './ModelProvider.js';
import { forEachLimited, readShow, SHOW_CONCURRENCY, type ShowFacts } from './ollamaShow.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';
import { modelInfo, readEntries } from './readEntries.js';

const tagsSchema = z.object({ models: z.array(z.unknown()) });

const entrySchema = z.object({
  name: optionalText,
  model: optionalText,
  digest: optionalText,
  details: lenient(z.object({ family: optionalText, families: lenient(z.array(z.string()).nullable()) })),
});

/**
 * Ollama: `GET {baseUrl}/api/tags`, the models pulled on that machine. No key by default (a
 * reverse proxy in front may want one: it is sent as `Authorization: Bearer`). Each model's
 * `POST /api/show` then says its capabilities and context length (at most
 * {@link SHOW_CONCURRENCY} at a time, remembered by digest: an unchanged model is asked once);
 * where it says nothing, `details.families` and the id decide.
 * @example new OllamaProvider({ name: 'ollama', baseUrl: 'http://localhost:11434' })
 */
export class OllamaProvider extends HttpModelProvider {
  /** `/api/show` answers by model digest, for the digests of the last listing only. */
  readonly #shown = new Map<string, ShowFacts>();

  constructor(options: HttpProviderOptions) {
    super(options, TYPE_DEFAULTS.ollama);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const { body } = await this.getJson(this.endpoint('/api/tags'), listing);
    const tags = tagsSchema.safeParse(body);
    if (!tags.success) throw new ProviderError(this.name, 'bad_response', 'the answer held no "models" list; check that baseUrl is an Ollama server');
    const digests = new Map<string, string>();
    const { models, invalid } = readEntries(tags.data.models, entrySchema, (entry) => {
      const id = entry.name ?? entry.model;
      if (id === undefined) return undefined;
      if (entry.digest !== undefined) digests.set(id.trim(), entry.digest);
      const families = [entry.details?.family, ...(entry.details?.families ?? [])];
      return modelInfo({ id, capabilities: ollamaCapabilities(id, families) });
    });
    await this.#askShow(models, digests, listing);
    return { invalid, models: models.map((model) => withShow(model, this.#shown.get(digests.get(model.id) ?? ''))) };
  }

  protected authHeaders(key: string): Record<string, string> {
    return { authorization: `Bearer ${key}` };
  }

  /** Asks `/api/show` for each model whose digest is new; a failure leaves that model to its families. */
  async #askShow(models: readonly ModelInfo[], digests: ReadonlyMap<string, string>, listing: Listing): Promise<void> {
    const live = new Set(digests.values());
    for (const digest of this.#shown.keys()) if (!live.has(digest)) this.#shown.delete(digest);
    // One question per new digest: two tags of one model share their facts.
    const wanted = new Map<string, string>();
    for (const model of models) {
      const digest = digests.get(model.id);
      if (digest !== undefined && !this.#shown.has(digest)) wanted.set(digest, model.id);
    }
    await forEachLimited([...wanted], SHOW_CONCURRENCY, async ([digest, id]) => {
      try {
        const { body } = await this.postJson(this.endpoint('/api/show'), { model: id }, listing, 0);
        this.#shown.set(digest, readShow(body));
      } catch (error) {
        // A server without /api/show (a proxy, an old build) says so for good: remember that too.
        if (error instanceof ProviderError && error.status !== undefined && [404, 405, 501].includes(error.status)) this.#shown.set(digest, {});
      }
    });
    listing.signal.throwIfAborted();
  }
}

/** The model with what `/api/show` said, where it said anything. */
function withShow(model: ModelInfo, show: ShowFacts | undefined): ModelInfo {
  if (show === undefined) return model;
  return modelInfo({ ...model, capabilities: show.capabilities ?? model.capabilities, contextWindow: show.contextWindow ?? model.contextWindow });
}

/**
 * From `details.families`: a BERT-style family is an embedding model; `clip` or `mllama` (an
 * image encoder) makes a chat model a vision model. Else what the id suggests.
 */
export function ollamaCapabilities(id: string, families: readonly (string | undefined)[]): string[] {
  const known = families.filter((family) => family !== undefined).map((family) => family.toLowerCase());
  if (known.some((family) => family.endsWith('bert'))) return ['embedding'];
  const capabilities = orOther(classifyModelId(id));
  if (capabilities.includes('chat') && known.some((family) => family === 'clip' || family === 'mllama')) capabilities.push('vision');
  return capabilities;
}

import { z } from 'zod';
import { ProviderError } from '../errors/ProviderError.js';
import { classifyModelId } from './classifyModelId.js';
import { HttpModelProvider, type HttpProviderOptions } from './HttpModelProvider.js';
import { lenient, optionalText } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
import { TYPE_DEFAULTS } from './providerDefaults.js';
import { modelInfo, readEntries } from './readEntries.js';

const tagsSchema = z.object({ models: z.array(z.unknown()) });

const entrySchema = z.object({
  name: optionalText,
  model: optionalText,
  details: lenient(z.object({ family: optionalText, families: lenient(z.array(z.string()).nullable()) })),
});

/**
 * Ollama: `GET {baseUrl}/api/tags`, the models pulled on that machine. No key by default (a
 * reverse proxy in front may want one: it is sent as `Authorization: Bearer`). Ollama marks no
 * capabilities here, so embedding models are recognised by name and family (`nomic-bert`, …).
 * @example new OllamaProvider({ name: 'ollama', baseUrl: 'http://localhost:11434' })
 */
export class OllamaProvider extends HttpModelProvider {
  constructor(options: HttpProviderOptions) {
    super(options, TYPE_DEFAULTS.ollama);
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const { body } = await this.getJson(this.endpoint('/api/tags'), listing);
    const tags = tagsSchema.safeParse(body);
    if (!tags.success) throw new ProviderError(this.name, 'bad_response', 'the answer held no "models" list; check that baseUrl is an Ollama server');
    return readEntries(tags.data.models, entrySchema, (entry) => {
      const id = entry.name ?? entry.model;
      if (id === undefined) return undefined;
      const families = [entry.details?.family, ...(entry.details?.families ?? [])];
      return modelInfo({ id, capabilities: ollamaCapabilities(id, families) });
    });
  }

  protected authHeaders(key: string): Record<string, string> {
    return { authorization: `Bearer ${key}` };
  }
}

/** `embedding` for embedding models (by name, or a BERT-style family); else what the id suggests. */
export function ollamaCapabilities(id: string, families: readonly (string | undefined)[]): string[] {
  if (families.some((family) => family !== undefined && /bert$/i.test(family))) return ['embedding'];
  return classifyModelId(id);
}

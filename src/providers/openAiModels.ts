import { z } from 'zod';
import { classifyModelId } from './classifyModelId.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
import { modelInfo, readEntries } from './readEntries.js';

/**
 * The entries of an OpenAI-style list: `{ data: [...] }` (OpenAI and most servers), a bare
 * array (Together), or `{ models: [...] }` (Ollama-style). `undefined` for any other shape.
 */
export function listEntries(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body as unknown[];
  if (typeof body !== 'object' || body === null) return undefined;
  const { data, models } = body as { data?: unknown; models?: unknown };
  if (Array.isArray(data)) return data as unknown[];
  if (Array.isArray(models)) return models as unknown[];
  return undefined;
}

/** The fields read from an entry; the context-window field differs from server to server. */
const entrySchema = z.object({
  id: optionalText,
  // Ollama-style `{ models: [{ name, model }] }` entries have no `id`.
  model: optionalText,
  name: optionalText,
  // Groq marks retired models `active: false`.
  active: lenient(z.boolean()),
  // Together (`chat`, `language`, `embedding`…) and LM Studio (`llm`, `vlm`, `embeddings`).
  type: optionalText,
  display_name: optionalText,
  context_window: tokenCount,
  context_length: tokenCount,
  max_model_len: tokenCount,
  max_context_length: tokenCount,
});

/** Capabilities named by a server's own `type` field. */
const TYPE_CAPABILITIES: Readonly<Record<string, readonly string[]>> = {
  chat: ['chat'],
  code: ['chat'],
  llm: ['chat'],
  vlm: ['chat', 'vision'],
  language: ['completion'],
  embedding: ['embedding'],
  embeddings: ['embedding'],
  image: ['image'],
  audio: ['audio'],
  transcribe: ['audio'],
  moderation: ['moderation'],
  rerank: ['rerank'],
  video: ['video'],
};

/** The capabilities a `type` value names, or `undefined` when the value is unknown or absent. */
export function capabilitiesOfType(type: string | undefined): string[] | undefined {
  const known = type === undefined ? undefined : TYPE_CAPABILITIES[type.toLowerCase()];
  return known === undefined ? undefined : [...known];
}

/** Reads an OpenAI-style list: ids, the context window where a server sends one, capabilities from `type` or the id. */
export function readOpenAiModels(entries: readonly unknown[]): ModelListing {
  return readEntries(entries, entrySchema, (entry) => {
    const id = entry.id ?? entry.model ?? entry.name;
    if (id === undefined) return undefined;
    if (entry.active === false) return null;
    return modelInfo({
      id,
      displayName: entry.display_name,
      contextWindow: entry.context_window ?? entry.context_length ?? entry.max_model_len ?? entry.max_context_length,
      capabilities: capabilitiesOfType(entry.type) ?? classifyModelId(id),
    });
  });
}

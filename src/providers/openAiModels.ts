import { z } from 'zod';
import { CAPABILITIES, type Capability } from '../capabilities/Capability.js';
import { classifyModelId, orOther, type IdFamily } from './classifyModelId.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelListing } from './ModelProvider.js';
import { toModalities, toPricing } from './providerFacts.js';
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

const words = lenient(z.array(z.string()));

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
  max_completion_tokens: tokenCount,
  // llama.cpp: the model's trained context.
  meta: lenient(z.object({ n_ctx_train: tokenCount })),
  // Together: dollars per million tokens.
  pricing: lenient(z.object({ input: z.unknown().optional(), output: z.unknown().optional() })),
  // Servers that say it outright (the Hugging Face router, llama.cpp's router mode…).
  capabilities: words,
  // llama.cpp's router mode: other names the server answers to for this model.
  aliases: words,
  input_modalities: words,
  output_modalities: words,
  architecture: lenient(z.object({ input_modalities: words, output_modalities: words })),
});

/** Capabilities named by a server's own `type` field (Together's and LM Studio's words). */
const TYPE_CAPABILITIES: Readonly<Record<string, readonly Capability[]>> = {
  chat: ['chat'],
  code: ['chat'],
  language: ['chat'],
  llm: ['chat'],
  vlm: ['chat', 'vision'],
  embedding: ['embedding'],
  embeddings: ['embedding'],
  image: ['image'],
  audio: ['speech'],
  transcribe: ['transcription'],
  moderation: ['moderation'],
  rerank: ['rerank'],
  video: ['video'],
};

/** Capability words some servers list, mapped onto ours (`tool_use` → `tools`, `completion` → `chat`). */
const LISTED_CAPABILITIES: Readonly<Record<string, Capability>> = {
  chat: 'chat',
  completion: 'chat',
  vision: 'vision',
  multimodal: 'vision',
  tools: 'tools',
  tool_use: 'tools',
  function_calling: 'tools',
  reasoning: 'reasoning',
  thinking: 'reasoning',
  embedding: 'embedding',
  embeddings: 'embedding',
};

const byVocabulary = (a: Capability, b: Capability): number => CAPABILITIES.indexOf(a) - CAPABILITIES.indexOf(b);

/** The capabilities a `type` value names, or `undefined` when the value is unknown or absent. */
export function capabilitiesOfType(type: string | undefined): Capability[] | undefined {
  const known = type === undefined ? undefined : TYPE_CAPABILITIES[type.toLowerCase()];
  return known === undefined ? undefined : [...known];
}

/** The capabilities among a server's own list of words; `undefined` when none is known. */
export function capabilitiesOfWords(words: readonly string[] | undefined): Capability[] | undefined {
  const known = new Set((words ?? []).map((word) => LISTED_CAPABILITIES[word.toLowerCase()]).filter((word) => word !== undefined));
  // Vision, tools and reasoning are said of chat models, which need not say `chat` too.
  if (['vision', 'tools', 'reasoning'].some((word) => known.has(word as Capability))) known.add('chat');
  return known.size > 0 ? [...known].sort(byVocabulary) : undefined;
}

/**
 * Reads an OpenAI-style list: ids; the common limit fields any server sends (`context_length`,
 * `context_window`, `max_context_length`, `max_model_len`, llama.cpp's `meta.n_ctx_train`,
 * `max_completion_tokens`); Together's prices; capabilities from the server's own `type` or
 * capability words, else from the id's `family` rules. A model marked `active: false` stays
 * listed, out of the chat list.
 */
export function readOpenAiModels(entries: readonly unknown[], family: IdFamily = 'generic'): ModelListing {
  return readEntries(entries, entrySchema, (entry) => {
    const id = entry.id ?? entry.model ?? entry.name;
    if (id === undefined) return undefined;
    const capabilities = capabilitiesOfType(entry.type) ?? capabilitiesOfWords(entry.capabilities) ?? orOther(classifyModelId(id, family));
    const inactive = entry.active === false;
    return modelInfo({
      id,
      displayName: entry.display_name,
      contextWindow: entry.context_window ?? entry.context_length ?? entry.max_model_len ?? entry.max_context_length ?? entry.meta?.n_ctx_train,
      maxOutputTokens: entry.max_completion_tokens,
      inputModalities: toModalities(entry.input_modalities ?? entry.architecture?.input_modalities),
      outputModalities: toModalities(entry.output_modalities ?? entry.architecture?.output_modalities),
      pricing: entry.pricing === undefined ? undefined : toPricing(entry.pricing, 'million'),
      capabilities: inactive ? outOfChat(capabilities) : capabilities,
      deprecated: inactive ? 'inactive' : undefined,
      aliases: entry.aliases,
    });
  });
}

/** A model listed but not callable keeps its other capabilities and loses `chat`. */
export function outOfChat(capabilities: readonly string[]): string[] {
  return orOther(capabilities.filter((capability) => capability !== 'chat'));
}

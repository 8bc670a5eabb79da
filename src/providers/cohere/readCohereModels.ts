import { z } from 'zod';
import type { Modality } from '../../facts/ModelFacts.js';
import { classifyModelId } from '../classifyModelId.js';
import { lenient, tokenCount } from '../lenient.js';
import type { ModelInfo, ModelListing } from '../ModelProvider.js';
import { readEntries } from '../readEntries.js';

const words = lenient(z.array(z.string()));

const entrySchema = z.object({
  name: z.string(),
  endpoints: words,
  features: lenient(z.array(z.string()).nullable()),
  context_length: tokenCount,
  is_deprecated: lenient(z.boolean()),
  supports_vision: lenient(z.boolean()),
});

type CohereEntry = z.output<typeof entrySchema>;

/** Cohere's endpoint names in the capability vocabulary; `summarize` and `classify` have no word. */
const ENDPOINT_CAPABILITIES: Readonly<Record<string, string>> = {
  chat: 'chat',
  generate: 'completion',
  embed: 'embedding',
  embed_image: 'embedding',
  rerank: 'rerank',
  transcriptions: 'transcription',
};

/** Cohere's `features` that the vocabulary has a word for. */
const FEATURE_CAPABILITIES: Readonly<Record<string, string>> = {
  vision: 'vision',
  tools: 'tools',
  strict_tools: 'tools',
  reasoning: 'reasoning',
};

/** Reads Cohere's `models` entries: capabilities from `endpoints` and `features`, `context_length` as the window. */
export function readCohereModels(entries: readonly unknown[]): ModelListing {
  return readEntries(entries, entrySchema, cohereModel);
}

/** One entry's facts. An entry whose endpoints name nothing known falls back on its name. */
export function cohereModel(entry: CohereEntry): ModelInfo {
  const endpoints = entry.endpoints ?? [];
  const capabilities = new Set(endpoints.map((endpoint) => ENDPOINT_CAPABILITIES[endpoint]).filter((word) => word !== undefined));
  const vision = entry.supports_vision === true || (entry.features ?? []).includes('vision') || endpoints.includes('embed_image');
  if (capabilities.has('chat') || capabilities.has('completion')) {
    for (const feature of entry.features ?? []) {
      const word = FEATURE_CAPABILITIES[feature];
      if (word !== undefined) capabilities.add(word);
    }
    if (vision) capabilities.add('vision');
  }
  const model: ModelInfo = { id: entry.name, capabilities: capabilities.size > 0 ? [...capabilities] : classifyModelId(entry.name) };
  if (entry.context_length !== undefined) model.contextWindow = entry.context_length;
  const input: Modality[] = endpoints.includes('transcriptions') ? ['audio'] : vision ? ['text', 'image'] : ['text'];
  model.inputModalities = input;
  if (capabilities.has('chat') || capabilities.has('completion') || capabilities.has('transcription')) model.outputModalities = ['text'];
  if (entry.is_deprecated === true) model.deprecated = 'deprecated by Cohere';
  return model;
}

import { z } from 'zod';
import type { Modality, ModelPricing } from '../../facts/ModelFacts.js';
import { MODALITIES } from '../../facts/ModelFacts.js';
import { lenient, optionalText, tokenCount } from '../lenient.js';
import type { ModelInfo, ModelListing } from '../ModelProvider.js';
import { readEntries } from '../readEntries.js';

const price = lenient(z.number().nonnegative());

const routeSchema = z.object({
  provider: optionalText,
  status: optionalText,
  context_length: tokenCount,
  pricing: lenient(z.object({ input: price, output: price })),
  supports_tools: lenient(z.boolean()),
});

const entrySchema = z.object({
  id: z.string(),
  architecture: lenient(z.object({ input_modalities: lenient(z.array(z.string())), output_modalities: lenient(z.array(z.string())) })),
  providers: lenient(z.array(z.unknown())),
});

type Route = z.output<typeof routeSchema>;
type RouterEntry = z.output<typeof entrySchema>;

/**
 * Reads the Hugging Face router's list (`/v1/models`): each model's `architecture` modalities,
 * and the inference providers that serve it. Routes marked `error` are left out; of the rest,
 * the context window is the largest any of them offers, the price the cheapest (US dollars per
 * million tokens, as the router sends them), and `tools` is set when one of them supports tool
 * calls.
 */
export function readHuggingFaceModels(entries: readonly unknown[]): ModelListing {
  return readEntries(entries, entrySchema, huggingFaceModel);
}

/** One entry's facts (see {@link readHuggingFaceModels}). */
export function huggingFaceModel(entry: RouterEntry): ModelInfo {
  const routes = (entry.providers ?? []).flatMap((raw) => {
    const route = routeSchema.safeParse(raw);
    return route.success && route.data.status !== 'error' ? [route.data] : [];
  });
  const input = modalities(entry.architecture?.input_modalities);
  const output = modalities(entry.architecture?.output_modalities);
  const capabilities = new Set<string>();
  if (output === undefined || output.includes('text')) capabilities.add('chat');
  if (output?.includes('image') === true) capabilities.add('image');
  if (input?.includes('image') === true && capabilities.has('chat')) capabilities.add('vision');
  if (routes.some((route) => route.supports_tools === true)) capabilities.add('tools');
  const model: ModelInfo = { id: entry.id, capabilities: [...capabilities] };
  const contexts = routes.map((route) => route.context_length).filter((length) => length !== undefined);
  if (contexts.length > 0) model.contextWindow = Math.max(...contexts);
  const pricing = cheapest(routes);
  if (pricing !== undefined) model.pricing = pricing;
  if (input !== undefined) model.inputModalities = input;
  if (output !== undefined) model.outputModalities = output;
  return model;
}

function modalities(words: readonly string[] | undefined): Modality[] | undefined {
  if (words === undefined) return undefined;
  const known = MODALITIES.filter((modality) => words.includes(modality));
  return known.length > 0 ? known : undefined;
}

function cheapest(routes: readonly Route[]): ModelPricing | undefined {
  let best: ModelPricing | undefined;
  for (const route of routes) {
    const { input, output } = route.pricing ?? {};
    if (input === undefined || output === undefined) continue;
    if (best === undefined || input + output < best.input + best.output) best = { input, output };
  }
  return best;
}

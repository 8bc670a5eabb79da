import { z } from 'zod';
import { CAPABILITIES, type Capability } from '../capabilities/Capability.js';
import { classifyModelId, orOther } from './classifyModelId.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelInfo, ModelListing } from './ModelProvider.js';
import { normalizeModelId, normalizeModels } from './normalizeModels.js';
import { modelInfo, readEntries } from './readEntries.js';

const flag = lenient(z.boolean());

const mistralSchema = z.object({
  id: z.string(),
  aliases: lenient(z.array(z.string())),
  deprecation: optionalText,
  deprecation_replacement_model: optionalText,
  max_context_length: tokenCount,
  archived: flag,
  capabilities: lenient(
    z.object({
      completion_chat: flag,
      completion_fim: flag,
      function_calling: flag,
      vision: flag,
      audio: flag,
      ocr: flag,
      moderation: flag,
      classification: flag,
    }),
  ),
});

type MistralCard = z.output<typeof mistralSchema>;

/** Mistral's flags and the word each one sets. */
const FLAGS: readonly (readonly [keyof NonNullable<MistralCard['capabilities']>, Capability])[] = [
  ['completion_chat', 'chat'],
  ['vision', 'vision'],
  ['function_calling', 'tools'],
  ['audio', 'audio'],
  ['ocr', 'ocr'],
  ['moderation', 'moderation'],
  ['completion_fim', 'fim'],
];

/**
 * Reads Mistral's list. Every listed id stays listed: an alias (`mistral-large-latest`) is a
 * model of its own that knows, in `aliases`, the other ids naming the same model. Cards that
 * share an id are one model with the union of their capabilities. Archived fine-tunes stay
 * listed, out of the chat list.
 */
export function readMistralModels(entries: readonly unknown[]): ModelListing {
  const cardsById = new Map<string, MistralCard[]>();
  const listing = readEntries(entries, mistralSchema, (card) => {
    const id = normalizeModelId(card.id);
    if (id === undefined) return undefined;
    const cards = cardsById.get(id);
    if (cards === undefined) cardsById.set(id, [{ ...card, id }]);
    else cards.push({ ...card, id });
    return { id };
  });
  const names = sameModelNames([...cardsById.values()].flat());
  const models = [...cardsById].map(([id, cards]) => toModel(id, cards, names(id)));
  return { models: normalizeModels(models).models, invalid: listing.invalid };
}

function toModel(id: string, cards: readonly MistralCard[], aliases: string[]): ModelInfo {
  const capabilities = new Set(cards.flatMap((card) => cardCapabilities(id, card)));
  const ordered = CAPABILITIES.filter((capability) => capabilities.has(capability));
  const archived = cards.every((card) => card.archived === true);
  const deprecated = cards.map((card) => card.deprecation).find((date) => date !== undefined);
  const replacement = cards.map((card) => card.deprecation_replacement_model).find((model) => model !== undefined);
  return modelInfo({
    id,
    contextWindow: Math.max(0, ...cards.map((card) => card.max_context_length ?? 0)) || undefined,
    capabilities: orOther(archived ? ordered.filter((capability) => capability !== 'chat') : ordered),
    aliases,
    deprecated: deprecated === undefined ? undefined : replacement === undefined ? deprecated : `${deprecated}; use ${replacement}`,
  });
}

/**
 * One card's flags, plus what the id says beyond chat (`mistral-embed` has no embedding flag).
 * `classification` counts as moderation on cards older than the `moderation` flag.
 */
function cardCapabilities(id: string, card: MistralCard): Capability[] {
  const flags = card.capabilities;
  if (flags === undefined) return classifyModelId(id);
  const capabilities = FLAGS.filter(([field]) => flags[field] === true).map(([, capability]) => capability);
  if (flags.moderation === undefined && flags.classification === true) capabilities.push('moderation');
  return [...capabilities, ...classifyModelId(id).filter((capability) => capability !== 'chat')];
}

/** For each id, the other ids and aliases that name the same model (cards linked by id or alias). */
function sameModelNames(cards: readonly MistralCard[]): (id: string) => string[] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    for (let next = parent.get(root); next !== undefined && next !== root; next = parent.get(root)) root = next;
    parent.set(key, root);
    return root;
  };
  // `find` enters a name it has not seen as its own root, so no separate set-up pass is needed.
  for (const card of cards) {
    for (const alias of card.aliases ?? []) parent.set(find(alias), find(card.id));
  }
  const groups = new Map<string, Set<string>>();
  for (const key of parent.keys()) {
    const root = find(key);
    const group = groups.get(root) ?? new Set<string>();
    group.add(key);
    groups.set(root, group);
  }
  return (id) => [...(groups.get(find(id)) ?? [])].filter((name) => name !== id).sort();
}

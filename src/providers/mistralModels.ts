import { z } from 'zod';
import { classifyModelId } from './classifyModelId.js';
import { lenient, optionalText, tokenCount } from './lenient.js';
import type { ModelInfo, ModelListing } from './ModelProvider.js';
import { modelInfo, readEntries } from './readEntries.js';

const flag = lenient(z.boolean());

const mistralSchema = z.object({
  id: z.string(),
  name: optionalText,
  aliases: lenient(z.array(z.string())),
  deprecation: optionalText,
  deprecation_replacement_model: optionalText,
  max_context_length: tokenCount,
  archived: flag,
  capabilities: lenient(
    z.object({ completion_chat: flag, vision: flag, function_calling: flag, classification: flag }),
  ),
});

type MistralEntry = z.output<typeof mistralSchema>;

/** Entries that name one model; never empty. */
type Group = [MistralEntry, ...MistralEntry[]];

/**
 * Reads Mistral's list. Mistral lists each alias (`mistral-large-latest`) as an entry of its
 * own beside the model it points to (`mistral-large-2411`); entries that share an id, `name`
 * or alias are folded into one, kept under the model's `name`. Archived fine-tunes are left out.
 */
export function readMistralModels(entries: readonly unknown[]): ModelListing {
  const cards: MistralEntry[] = [];
  const listing = readEntries(entries, mistralSchema, (entry) => {
    if (entry.archived === true) return null;
    cards.push(entry);
    return { id: entry.id };
  });
  return { models: foldAliases(cards).map(toModel), invalid: listing.invalid };
}

function toModel(group: Group): ModelInfo {
  // The entry whose id is its own name is the model itself; the others are aliases of it.
  const main = group.find((card) => card.name === card.id) ?? group[0];
  const capabilities = main.capabilities;
  const classified = [
    ...(capabilities?.completion_chat === true ? ['chat'] : []),
    ...(capabilities?.vision === true ? ['vision'] : []),
    ...(capabilities?.function_calling === true ? ['tools'] : []),
    ...(capabilities?.classification === true ? ['moderation'] : []),
  ];
  const fromId = classifyModelId(main.id).filter((capability) => capability !== 'chat' || capabilities === undefined);
  const deprecated = group.map((card) => card.deprecation).find((date) => date !== undefined);
  const replacement = group.map((card) => card.deprecation_replacement_model).find((id) => id !== undefined);
  const all = classified.length > 0 ? classified : fromId;
  return modelInfo({
    id: main.id,
    contextWindow: main.max_context_length,
    // Mistral said what it can do and none of it is chat: keep it out of the chat list.
    capabilities: all.length > 0 ? all : ['other'],
    deprecated: deprecated === undefined ? undefined : replacement === undefined ? deprecated : `${deprecated}; use ${replacement}`,
  });
}

/** Groups entries that share any of id, name or alias (union-find over those strings). */
function foldAliases(cards: readonly MistralEntry[]): Group[] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    for (let next = parent.get(root); next !== undefined && next !== root; next = parent.get(root)) root = next;
    parent.set(key, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    for (const key of [a, b]) if (!parent.has(key)) parent.set(key, key);
    parent.set(find(a), find(b));
  };
  for (const card of cards) {
    union(card.id, card.id);
    if (card.name !== undefined) union(card.id, card.name);
    for (const alias of card.aliases ?? []) union(card.id, alias);
  }
  const groups = new Map<string, Group>();
  for (const card of cards) {
    const root = find(card.id);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [card]);
    else group.push(card);
  }
  return [...groups.values()];
}

import { FactInterner } from '../facts/FactInterner.js';
import type { Modality } from '../facts/ModelFacts.js';
import { readModelFacts } from '../facts/readModelFacts.js';
import type { ModelInfo } from './ModelProvider.js';

/** The longest model id accepted; longer ones are malformed (or hostile). */
export const MAX_MODEL_ID_LENGTH = 256;

// Control characters (C0, DEL, C1: ANSI escapes among them), format and other invisible
// characters (bidi overrides, zero-width, BOM, soft hyphen, variation selectors, fillers),
// line/paragraph separators, lone surrogates and private-use characters: a terminal or a UI
// would render them as something other than what they are.
const UNSAFE_CLASS = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Default_Ignorable_Code_Point}\\p{Cs}\\p{Co}]';
const UNSAFE = new RegExp(UNSAFE_CLASS, 'u');
const UNSAFE_ALL = new RegExp(UNSAFE_CLASS, 'gu');

/** A provider's list made safe: ids trimmed and checked, duplicates dropped, odd fields dropped. */
export interface NormalizedModels {
  models: ModelInfo[];
  /** Entries dropped as malformed, the provider's own count included. */
  invalid: number;
  /**
   * False when the answer cannot be the provider's list: not a list at all, or a list whose
   * every entry was malformed. Such an answer must not replace a good list.
   */
  readable: boolean;
}

/** The id as it will be used, or `undefined` when it cannot be used at all. */
export function normalizeModelId(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const id = raw.trim();
  if (id.length === 0 || id.length > MAX_MODEL_ID_LENGTH || UNSAFE.test(id)) return undefined;
  return id;
}

/** Checks every entry a provider returned (`ModelInfo[]` or a `ModelListing`); nothing it sends is trusted. */
export function normalizeModels(result: unknown): NormalizedModels {
  const listing = Array.isArray(result) ? { models: result as unknown[], invalid: 0 } : asListing(result);
  if (listing === undefined) return { models: [], invalid: 1, readable: false };
  const seen = new Set<string>();
  const models: ModelInfo[] = [];
  // One interner per list: models with the same facts share one frozen object.
  const interner = new FactInterner();
  let invalid = listing.invalid;
  for (const entry of listing.models) {
    const model = normalizeEntry(entry, interner);
    if (model === undefined) invalid++;
    else if (!seen.has(model.id)) {
      seen.add(model.id);
      models.push(model);
    }
  }
  const readable = models.length > 0 || (listing.models.length === 0 && listing.invalid === 0);
  return { models, invalid, readable };
}

function asListing(value: unknown): { models: unknown[]; invalid: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { models, invalid } = value as { models?: unknown; invalid?: unknown };
  if (!Array.isArray(models)) return undefined;
  return { models, invalid: typeof invalid === 'number' && invalid >= 0 ? Math.floor(invalid) : 0 };
}

function normalizeEntry(entry: unknown, interner: FactInterner): ModelInfo | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const raw = entry as Record<string, unknown>;
  const id = normalizeModelId(raw['id']);
  if (id === undefined) return undefined;
  const model: ModelInfo = { id };
  const displayName = cleanText(raw['displayName']);
  if (displayName !== undefined) model.displayName = displayName;
  const facts = readModelFacts(raw, interner);
  if (facts?.contextWindow !== undefined) model.contextWindow = facts.contextWindow;
  if (facts?.maxOutputTokens !== undefined) model.maxOutputTokens = facts.maxOutputTokens;
  // The interned lists are frozen and shared; ModelInfo declares them mutable for callers' own lists.
  if (facts?.inputModalities !== undefined) model.inputModalities = facts.inputModalities as Modality[];
  if (facts?.outputModalities !== undefined) model.outputModalities = facts.outputModalities as Modality[];
  if (facts?.pricing !== undefined) model.pricing = facts.pricing;
  if (facts?.releaseDate !== undefined) model.releaseDate = facts.releaseDate;
  if (facts?.knowledgeCutoff !== undefined) model.knowledgeCutoff = facts.knowledgeCutoff;
  const capabilities = raw['capabilities'];
  if (Array.isArray(capabilities)) {
    const names = capabilities.map(cleanText).filter((name): name is string => name !== undefined);
    if (names.length > 0) model.capabilities = [...new Set(names.map((name) => name.toLowerCase()))];
  }
  const deprecated = cleanText(raw['deprecated']);
  if (deprecated !== undefined) model.deprecated = deprecated;
  const aliases = Array.isArray(raw['aliases']) ? raw['aliases'].map(normalizeModelId).filter((alias) => alias !== undefined && alias !== id) : [];
  if (aliases.length > 0) model.aliases = [...new Set(aliases as string[])];
  return model;
}

/** Display text with the unsafe characters removed; `undefined` when nothing is left. */
function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(UNSAFE_ALL, '').trim().slice(0, 512);
  return text.length === 0 ? undefined : text;
}

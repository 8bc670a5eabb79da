import { MODALITIES, type Modality, type ModelPricing } from '../facts/ModelFacts.js';
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
  let invalid = listing.invalid;
  for (const entry of listing.models) {
    const model = normalizeEntry(entry);
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

function normalizeEntry(entry: unknown): ModelInfo | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const raw = entry as Record<string, unknown>;
  const id = normalizeModelId(raw['id']);
  if (id === undefined) return undefined;
  const model: ModelInfo = { id };
  const displayName = cleanText(raw['displayName']);
  if (displayName !== undefined) model.displayName = displayName;
  const contextWindow = tokenCount(raw['contextWindow']);
  if (contextWindow !== undefined) model.contextWindow = contextWindow;
  const capabilities = raw['capabilities'];
  if (Array.isArray(capabilities)) {
    const names = capabilities.map(cleanText).filter((name): name is string => name !== undefined);
    if (names.length > 0) model.capabilities = [...new Set(names.map((name) => name.toLowerCase()))];
  }
  const deprecated = cleanText(raw['deprecated']);
  if (deprecated !== undefined) model.deprecated = deprecated;
  addFacts(model, raw);
  return model;
}

/** The optional facts (limits, modalities, prices, aliases, dates), each kept only when well formed. */
function addFacts(model: ModelInfo, raw: Record<string, unknown>): void {
  const maxOutputTokens = tokenCount(raw['maxOutputTokens']);
  if (maxOutputTokens !== undefined) model.maxOutputTokens = maxOutputTokens;
  const inputModalities = modalities(raw['inputModalities']);
  if (inputModalities !== undefined) model.inputModalities = inputModalities;
  const outputModalities = modalities(raw['outputModalities']);
  if (outputModalities !== undefined) model.outputModalities = outputModalities;
  const pricing = prices(raw['pricing']);
  if (pricing !== undefined) model.pricing = pricing;
  const aliases = Array.isArray(raw['aliases']) ? raw['aliases'].map(normalizeModelId) : [];
  const named = [...new Set(aliases)].filter((alias): alias is string => alias !== undefined && alias !== model.id);
  if (named.length > 0) model.aliases = named;
  const releaseDate = cleanText(raw['releaseDate']);
  if (releaseDate !== undefined) model.releaseDate = releaseDate;
  const knowledgeCutoff = cleanText(raw['knowledgeCutoff']);
  if (knowledgeCutoff !== undefined) model.knowledgeCutoff = knowledgeCutoff;
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function modalities(value: unknown): Modality[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const known = MODALITIES.filter((modality) => value.includes(modality));
  return known.length > 0 ? known : undefined;
}

function prices(value: unknown): ModelPricing | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const amount = (field: string): number | undefined => {
    const price = raw[field];
    return typeof price === 'number' && Number.isFinite(price) && price >= 0 ? price : undefined;
  };
  const input = amount('input');
  const output = amount('output');
  if (input === undefined || output === undefined) return undefined;
  const cacheRead = amount('cacheRead');
  const cacheWrite = amount('cacheWrite');
  return { input, output, ...(cacheRead === undefined ? {} : { cacheRead }), ...(cacheWrite === undefined ? {} : { cacheWrite }) };
}

/** Display text with the unsafe characters removed; `undefined` when nothing is left. */
function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(UNSAFE_ALL, '').trim().slice(0, 512);
  return text.length === 0 ? undefined : text;
}

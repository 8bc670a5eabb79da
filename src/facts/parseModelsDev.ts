import { FactInterner } from './FactInterner.js';
import { FactsCatalog, type CatalogProvider, type FactsCatalogSource } from './FactsCatalog.js';
import type { ModelFacts } from './ModelFacts.js';
import { dateText, modalities, price, tokenCount } from './readModelFacts.js';

/**
 * Reads the models.dev catalog (the shape of `https://models.dev/api.json`: provider id →
 * `{ models: { id → model } }`), keeping the facts that pass their checks. Entries that cannot
 * be read are skipped; `undefined` when nothing at all could be read.
 */
export function parseModelsDev(
  json: unknown,
  options: { source: FactsCatalogSource; fetchedAt?: number | undefined; only?: ReadonlySet<string> | undefined },
): FactsCatalog | undefined {
  if (!isRecord(json)) return undefined;
  const interner = new FactInterner();
  const providers = new Map<string, CatalogProvider>();
  let date = '';
  for (const [providerId, provider] of Object.entries(json)) {
    if ((options.only !== undefined && !options.only.has(providerId)) || !isRecord(provider) || !isRecord(provider['models'])) continue;
    const models = new Map<string, ModelFacts>();
    for (const [modelId, model] of Object.entries(provider['models'])) {
      if (!isRecord(model)) continue;
      const facts = modelFacts(model, interner);
      if (facts !== undefined) models.set(modelId, facts);
      const updated = dateText(model['last_updated']) ?? dateText(model['release_date']);
      if (updated !== undefined && updated > date) date = updated;
    }
    if (models.size > 0) providers.set(providerId, models);
  }
  if (providers.size === 0) return undefined;
  return new FactsCatalog({ source: options.source, date: date === '' ? 'unknown' : date, fetchedAt: options.fetchedAt, providers });
}

/** One models.dev model's facts: `limit`, `modalities`, `cost`, `tool_call`, `reasoning`, dates. */
function modelFacts(model: Readonly<Record<string, unknown>>, interner: FactInterner): ModelFacts | undefined {
  const limit = isRecord(model['limit']) ? model['limit'] : {};
  const modal = isRecord(model['modalities']) ? model['modalities'] : {};
  const cost = isRecord(model['cost']) ? model['cost'] : undefined;
  const inputModalities = modalities(modal['input']);
  const capabilities: string[] = [];
  if (inputModalities?.includes('image') === true) capabilities.push('vision');
  if (model['tool_call'] === true) capabilities.push('tools');
  if (model['reasoning'] === true) capabilities.push('reasoning');
  const input = price(cost?.['input']);
  const output = price(cost?.['output']);
  return interner.facts({
    contextWindow: tokenCount(limit['context']),
    maxOutputTokens: tokenCount(limit['output']),
    inputModalities,
    outputModalities: modalities(modal['output']),
    pricing:
      input === undefined || output === undefined
        ? undefined
        : { input, output, cacheRead: price(cost?.['cache_read']), cacheWrite: price(cost?.['cache_write']) },
    capabilities,
    releaseDate: dateText(model['release_date']),
    knowledgeCutoff: dateText(model['knowledge']),
  });
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

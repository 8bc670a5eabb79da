import { CAPABILITIES, isCapability, type Capability } from '../capabilities/Capability.js';
import type { ModelQuery } from '../manager/types.js';
import { HttpError } from './HttpError.js';
import { parseTokenCount } from './parseTokenCount.js';
import { unknownValueError } from './unknownValueError.js';

/** A query of `GET /v1/models`, checked: every provider and capability named exists. */
export type ParsedModelsQuery = ModelQuery;

/**
 * Reads the query string of `GET /v1/models`: `provider` (repeatable, or comma-separated),
 * `capability` (repeatable: models with all of them) and `min_context` (tokens; `200k`, `1m`).
 * Empty values and other parameters are ignored. `undefined` when nothing narrows.
 * @param providerNames the names a `provider` may take; asked only when one is given.
 * @throws {HttpError} 400 for an unknown provider or capability (naming the closest), or a bad `min_context`.
 */
export function parseModelsQuery(rawQuery: string, providerNames: () => readonly string[]): ParsedModelsQuery | undefined {
  // The plain `GET /v1/models` of every poller: no parsing, no allocation on serve's hot path.
  if (rawQuery === '') return undefined;
  const params = new URLSearchParams(rawQuery);
  const providers = listParam(params, 'provider', true);
  const capabilities = parseCapabilities(params);
  const minContext = nonEmpty(params.getAll('min_context'));
  const query: ModelQuery = {};
  if (providers.length > 0) {
    checkProviders(providers, providerNames());
    query.providers = providers;
  }
  if (capabilities.length > 1) query.capabilities = capabilities;
  else if (capabilities[0] !== undefined) query.capability = capabilities[0];
  if (minContext.length > 1) throw new HttpError(400, 'invalid_query', 'give "min_context" at most once, e.g. ?min_context=200k', { param: 'min_context' });
  if (minContext[0] !== undefined) query.minContextWindow = parseTokenCount(minContext[0], 'min_context');
  return Object.keys(query).length === 0 ? undefined : query;
}

/**
 * The `capability` values of a query, lower-cased, unique and sorted; `[]` when none.
 * @throws {HttpError} 400 naming the closest known capability for an unknown one.
 */
export function parseCapabilities(params: URLSearchParams): Capability[] {
  const values = listParam(params, 'capability', false).map((value) => value.toLowerCase());
  const capabilities: Capability[] = [];
  for (const value of new Set(values)) {
    if (!isCapability(value)) throw unknownValueError('capability', value, CAPABILITIES);
    capabilities.push(value);
  }
  return capabilities.sort();
}

/** A key equal for two queries exactly when they ask for the same list. */
export function modelsQueryKey(query: ParsedModelsQuery): string {
  const providers = query.providers === undefined ? null : [...new Set(query.providers)].sort();
  return JSON.stringify([providers, query.capability ?? null, query.capabilities ?? null, query.minContextWindow ?? null]);
}

function checkProviders(providers: readonly string[], known: readonly string[]): void {
  for (const name of providers) if (!known.includes(name)) throw unknownValueError('provider', name, known);
}

function listParam(params: URLSearchParams, name: string, commaSeparated: boolean): string[] {
  const values = params.getAll(name);
  return nonEmpty(commaSeparated ? values.flatMap((value) => value.split(',')) : values);
}

function nonEmpty(values: readonly string[]): string[] {
  return values.map((value) => value.trim()).filter((value) => value !== '');
}

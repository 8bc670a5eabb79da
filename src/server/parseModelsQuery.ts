import type { ModelQuery } from '../manager/types.js';
import { HttpError } from './HttpError.js';

/**
 * Reads the query string of `GET /v1/models`: `provider` (repeatable, or comma-separated) and
 * `capability` (once). Empty values are ignored; other parameters too. `undefined` when nothing narrows.
 * @throws {HttpError} 400 when `capability` is given more than once.
 */
export function parseModelsQuery(rawQuery: string): ModelQuery | undefined {
  const params = new URLSearchParams(rawQuery);
  const providers = params
    .getAll('provider')
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const capabilities = params.getAll('capability').map((value) => value.trim()).filter((value) => value !== '');
  if (capabilities.length > 1) {
    throw new HttpError(400, 'invalid_query', 'give "capability" at most once, e.g. ?capability=chat', { param: 'capability' });
  }
  const query: ModelQuery = {};
  if (providers.length > 0) query.providers = providers;
  if (capabilities[0] !== undefined) query.capability = capabilities[0];
  return query.providers === undefined && query.capability === undefined ? undefined : query;
}

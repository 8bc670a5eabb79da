import type { ModelQuery } from './types.js';

/** The cache key of the no-query call; no other key can equal it. */
export const ALL_MODELS_KEY = '*';

/**
 * The cache key of a query: provider names sorted and deduplicated, the capability
 * lower-cased. The capability-only form (the completer's, on every keystroke) is built
 * without sorting or JSON; its NUL cannot begin the JSON form nor equal `*`.
 */
export function queryKey(query: ModelQuery): string {
  const capability = query.capability?.toLowerCase();
  if (query.providers === undefined) return capability === undefined ? ALL_MODELS_KEY : `\u0000${capability}`;
  return JSON.stringify([[...new Set(query.providers)].sort(), capability ?? null]);
}

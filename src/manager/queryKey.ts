import type { ModelQuery } from './types.js';

/** The cache key of the no-query call; no canonical query key can equal it. */
export const ALL_MODELS_KEY = '*';

/** A query in canonical form: provider names sorted and deduplicated, capability lower-cased. */
export interface CanonicalQuery {
  key: string;
  providers: ReadonlySet<string> | undefined;
  capability: string | undefined;
}

export function canonicalQuery(query: ModelQuery): CanonicalQuery {
  const providers = query.providers === undefined ? undefined : [...new Set(query.providers)].sort();
  const capability = query.capability?.toLowerCase();
  if (providers === undefined && capability === undefined) {
    return { key: ALL_MODELS_KEY, providers: undefined, capability: undefined };
  }
  return {
    key: JSON.stringify([providers ?? null, capability ?? null]),
    providers: providers === undefined ? undefined : new Set(providers),
    capability,
  };
}

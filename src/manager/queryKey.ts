import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import type { ModelQuery } from './types.js';

/** The cache key of the no-query call; no other key can equal it. */
export const ALL_MODELS_KEY = '*';

/** A query in one canonical form: what the list is built from and the key it is cached under. */
export interface CanonicalQuery {
  readonly key: string;
  /** Sorted, unique; `undefined` for every provider. */
  readonly providers: readonly string[] | undefined;
  /** Every capability asked for (`capability` and `capabilities`), lower-cased, sorted, unique. */
  readonly capabilities: readonly string[];
  readonly minContextWindow: number | undefined;
}

/**
 * The canonical form of a query. Capability-only keys (the completer's, on every keystroke)
 * are `\0` + the capability, the no-filter key is `*`; anything else is JSON, which begins
 * with `[` and so can equal neither.
 * @throws {ScopedModelsError} `invalid_query` when `minContextWindow` is not a number ≥ 0.
 */
export function canonicalQuery(query: ModelQuery): CanonicalQuery {
  const { minContextWindow } = query;
  if (minContextWindow !== undefined && !(typeof minContextWindow === 'number' && minContextWindow >= 0)) {
    throw new ScopedModelsError('invalid_query', `minContextWindow must be a number of tokens ≥ 0, not ${String(minContextWindow)}`);
  }
  const providers = query.providers === undefined ? undefined : [...new Set(query.providers)].sort();
  const wanted = new Set<string>(query.capabilities?.map((capability) => capability.toLowerCase()));
  if (query.capability !== undefined) wanted.add(query.capability.toLowerCase());
  const capabilities = [...wanted].sort();
  let key: string;
  if (providers === undefined && minContextWindow === undefined && capabilities.length <= 1) {
    key = capabilities.length === 0 ? ALL_MODELS_KEY : `\u0000${capabilities[0]}`;
  } else {
    key = JSON.stringify([providers ?? null, capabilities, minContextWindow ?? null]);
  }
  return { key, providers, capabilities, minContextWindow };
}

/** A key worked out for one query object, and what it was worked out from. */
interface Memo {
  readonly key: string;
  readonly providers: readonly string[] | undefined;
  /** Copies: a caller that changes its array in place gets a new key, never a stale one. */
  readonly providerNames: readonly string[] | undefined;
  readonly capability: string | undefined;
  readonly capabilities: readonly string[] | undefined;
  readonly capabilityNames: readonly string[] | undefined;
  readonly minContextWindow: number | undefined;
}

// Per query object: a caller that keeps its query (a tenant's view, a route's filter) pays
// for sorting and serialising once, not on every hit.
const memos = new WeakMap<ModelQuery, Memo>();

/** The cache key of a query (see {@link canonicalQuery}); repeated calls with one object allocate nothing. */
export function queryKey(query: ModelQuery): string {
  if (query.providers === undefined && query.capabilities === undefined && query.minContextWindow === undefined) {
    // The completer's form: cheap enough to build, and not worth a weak entry per object.
    const capability = query.capability;
    return capability === undefined ? ALL_MODELS_KEY : `\u0000${capability.toLowerCase()}`;
  }
  const memo = memos.get(query);
  if (memo !== undefined && isCurrent(memo, query)) return memo.key;
  const { key } = canonicalQuery(query);
  memos.set(query, {
    key,
    providers: query.providers,
    providerNames: query.providers === undefined ? undefined : [...query.providers],
    capability: query.capability,
    capabilities: query.capabilities,
    capabilityNames: query.capabilities === undefined ? undefined : [...query.capabilities],
    minContextWindow: query.minContextWindow,
  });
  return key;
}

function isCurrent(memo: Memo, query: ModelQuery): boolean {
  return (
    memo.capability === query.capability &&
    memo.minContextWindow === query.minContextWindow &&
    memo.providers === query.providers &&
    memo.capabilities === query.capabilities &&
    sameItems(memo.providerNames, query.providers) &&
    sameItems(memo.capabilityNames, query.capabilities)
  );
}

function sameItems(copy: readonly string[] | undefined, current: readonly string[] | undefined): boolean {
  if (copy === undefined || current === undefined) return copy === current;
  if (copy.length !== current.length) return false;
  for (let i = 0; i < copy.length; i++) if (copy[i] !== current[i]) return false;
  return true;
}

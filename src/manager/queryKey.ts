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
  /** Copies: a caller that changes its arrays in place gets a new key, never a stale one. */
  readonly providers: readonly string[] | undefined;
  readonly capability: string | undefined;
  readonly capabilities: readonly string[] | undefined;
  readonly minContextWindow: number | undefined;
}

// Per query object: a caller that keeps its query (a tenant's view, a route's filter) pays
// for sorting and serialising once, not on every hit.
const memos = new WeakMap<ModelQuery, Memo>();
// The query asked last, in front of the weak map: a caller asking the same query again and
// again (the completer's keystrokes, one route's filter) skips even the weak map's lookup.
let lastQuery: ModelQuery | undefined;
let lastMemo: Memo | undefined;

/** The cache key of a query (see {@link canonicalQuery}); repeated calls with one object allocate nothing. */
export function queryKey(query: ModelQuery): string {
  const { providers, capability, capabilities, minContextWindow } = query;
  if (providers === undefined && capabilities === undefined && minContextWindow === undefined) {
    // The completer's form: cheap enough to build, and not worth a weak entry per object.
    return capability === undefined ? ALL_MODELS_KEY : `\u0000${capability.toLowerCase()}`;
  }
  const memo = query === lastQuery ? lastMemo : memos.get(query);
  if (
    memo !== undefined &&
    memo.capability === capability &&
    memo.minContextWindow === minContextWindow &&
    sameItems(memo.providers, providers) &&
    sameItems(memo.capabilities, capabilities)
  ) {
    lastQuery = query;
    lastMemo = memo;
    return memo.key;
  }
  const fresh: Memo = {
    key: canonicalQuery(query).key,
    providers: providers === undefined ? undefined : [...providers],
    capability,
    capabilities: capabilities === undefined ? undefined : [...capabilities],
    minContextWindow,
  };
  memos.set(query, fresh);
  lastQuery = query;
  lastMemo = fresh;
  return fresh.key;
}

function sameItems(copy: readonly string[] | undefined, current: readonly string[] | undefined): boolean {
  if (copy === undefined || current === undefined) return copy === current;
  const length = copy.length;
  if (length !== current.length) return false;
  for (let i = 0; i < length; i++) if (copy[i] !== current[i]) return false;
  return true;
}

import { CompletionIndex, TIER } from './CompletionIndex.js';

/** One provider's ids (in list order) and the index over them. */
interface Part {
  readonly ids: readonly string[];
  readonly index: CompletionIndex;
  /** What every lower-cased id starts with (`provider` + separator), when that is known exactly. */
  readonly lowerPrefix: string | undefined;
}

/** The best matches so far, best first: parallel arrays, as {@link CompletionIndex.searchRanked} gives them. */
interface Ranked {
  ids: string[];
  ranks: number[];
}

/**
 * A {@link CompletionIndex} per provider (the text before the first separator), merged by rank
 * at query time: when one provider's list changes, only its part is rebuilt, and the others are
 * kept from the previous index. Answers exactly as one index over the whole list would.
 *
 * A query asks the parts best-first (by the best rank each can still give) and stops once the
 * next part cannot beat what it holds, so a part's trie is built only when a query reaches it.
 */
export class ProviderIndexes {
  /** The list this index answers for, to tell whether a new list is a different one. */
  source: readonly string[];
  /** How many providers' parts were built for this index (the rest were kept). */
  readonly built: number;
  readonly #parts: readonly Part[];

  constructor(source: readonly string[], separator: string, previous?: ProviderIndexes) {
    this.source = source;
    const kept = new Map((previous === undefined ? [] : previous.#parts).map((part) => [part.ids[0], part]));
    const parts: Part[] = [];
    let built = 0;
    for (const [provider, ids] of byProvider(source, separator)) {
      const part = kept.get(ids[0]);
      if (part !== undefined && sameIds(part.ids, ids)) {
        parts.push(part);
      } else {
        const prefix = provider === '' ? '' : provider + separator;
        // Lower-casing ASCII does not depend on what follows, so every lower-cased id starts with this.
        const lowerPrefix = /^[\x20-\x7e]*$/.test(prefix) ? prefix.toLowerCase() : undefined;
        parts.push({ ids, index: new CompletionIndex(ids, separator), lowerPrefix });
        built++;
      }
    }
    this.#parts = parts;
    this.built = built;
  }

  /** The ids matching `word` (case-insensitive), best first, at most `limit`. */
  search(word: string, limit: number): string[] {
    if (this.#parts.length === 1) return (this.#parts[0] as Part).index.search(word, limit);
    if (limit <= 0) return [];
    const typed = word.toLowerCase();
    if (typed.length === 0) return this.#merged(word, limit, false).ids;
    // Parts whose ids may start with the word first: when they fill the limit with whole-id
    // matches, no other part is asked (nor its trie built).
    let found: Ranked = { ids: [], ranks: [] };
    const others: Part[] = [];
    for (const part of this.#parts) {
      if (mayStartWith(part, typed)) found = mergeRanked(found, part.index.searchRanked(word, limit, false, worstOf(found, limit)), limit);
      else others.push(part);
    }
    if (worstOf(found, limit) >= TIER) {
      const ordered = others.map((part) => ({ part, best: part.index.bestRank(typed) })).sort((a, b) => a.best - b.best);
      for (const { part, best } of ordered) {
        // The next part's best cannot beat the worst held (or it has no key there): no later part can either.
        if (best === Infinity || best > worstOf(found, limit)) break;
        found = mergeRanked(found, part.index.searchRanked(word, limit, false, worstOf(found, limit)), limit);
      }
    }
    // Fuzzy matches count only when no part matched otherwise: each part's fuzzy scan reads
    // every id, so it runs only then.
    return (found.ids.length > 0 ? found : this.#merged(word, limit, true)).ids;
  }

  #merged(word: string, limit: number, fuzzy: boolean): Ranked {
    let found: Ranked = { ids: [], ranks: [] };
    for (const part of this.#parts) found = mergeRanked(found, part.index.searchRanked(word, limit, fuzzy), limit);
    return found;
  }
}

/** Whether some id of the part may start with `typed` (lower-cased): the whole-id tier. */
function mayStartWith({ lowerPrefix }: Part, typed: string): boolean {
  return lowerPrefix === undefined || lowerPrefix.startsWith(typed) || typed.startsWith(lowerPrefix);
}

/** The rank a match must not exceed to enter `found`: its worst once full. */
function worstOf(found: Ranked, limit: number): number {
  return found.ids.length < limit ? Infinity : (found.ranks[limit - 1] as number);
}

/** The best `limit` of two best-first lists of different ids: by rank, then code-unit order. */
function mergeRanked(a: Ranked, b: Ranked, limit: number): Ranked {
  if (b.ids.length === 0) return a;
  if (a.ids.length === 0) return b;
  const ids: string[] = [];
  const ranks: number[] = [];
  let i = 0;
  let j = 0;
  while (ids.length < limit && (i < a.ids.length || j < b.ids.length)) {
    const takeA =
      j >= b.ids.length ||
      (i < a.ids.length && ((a.ranks[i] as number) < (b.ranks[j] as number) || ((a.ranks[i] as number) === (b.ranks[j] as number) && (a.ids[i] as string) < (b.ids[j] as string))));
    if (takeA) {
      ids.push(a.ids[i] as string);
      ranks.push(a.ranks[i++] as number);
    } else {
      ids.push(b.ids[j] as string);
      ranks.push(b.ranks[j++] as number);
    }
  }
  return { ids, ranks };
}

/** The ids of each provider, in list order; providers in order of first appearance. */
function byProvider(ids: readonly string[], separator: string): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  // A sorted list holds each provider's ids together: most ids only check the last prefix.
  let prefix: string | undefined;
  let list: string[] = [];
  for (const id of ids) {
    if (prefix === undefined || !id.startsWith(prefix)) {
      const at = id.indexOf(separator);
      const provider = at === -1 ? '' : id.slice(0, at);
      prefix = at === -1 ? undefined : provider + separator;
      let known = lists.get(provider);
      if (known === undefined) lists.set(provider, (known = []));
      list = known;
    }
    list.push(id);
  }
  return lists;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

import { isSubsequence } from './isSubsequence.js';
import { KeyTrie, POSITIONS, keyIndex, keyRank, keyStart } from './KeyTrie.js';
import { LowerIds } from './LowerIds.js';

/** What a query that cannot match reads: nothing. */
const NO_KEYS = new Float64Array(0);
const NO_MARKS = new Int32Array(0);

/** One tier's span of ranks: longer than any id. */
export const TIER = 2 ** 20;
/** The fuzzy tier, after the trie's three (0, 1, 2). */
const FUZZY_TIER = 3;

/** Ids, best first, and the rank of each (lower is better; equal ranks go in code-unit order). */
export interface RankedMatches {
  ids: string[];
  ranks: number[];
}

/**
 * The ranked search over one list of scoped ids: prefix of the whole id, then of a segment,
 * then of any word, each tier shorter ids first, then code-unit order; a fuzzy subsequence only
 * when none of those match. Every key start is one entry of a {@link KeyTrie} kept in ranking
 * order, so a query reads its matches best-first and stops at `limit`. Until a query can match,
 * no trie is built: a word that no id holds even as a subsequence is answered by one scan
 * ({@link LowerIds}), without lower-casing every id or reading the fuzzy scan's masks.
 */
export class CompletionIndex {
  /** The list this index answers for, to tell whether a new list is a different one. */
  source: readonly string[];
  /** The list as given (`source` may later note another array with the same ids). */
  readonly #list: readonly string[];
  readonly #separator: string;
  /** The ids sorted, lower-cased, their trie and the listing marks: built by the first non-empty query that can match. */
  #keys: Keys | undefined;
  /** Until the trie is built: what tells a word that matches nothing without building it, and the ids lower-cased once it is. */
  #lowerIds: LowerIds | undefined;
  #query = 0;
  #ranked: string[] | undefined;

  constructor(source: readonly string[], separator: string) {
    this.source = source;
    this.#list = source;
    this.#separator = separator;
  }

  /** Whether a query has built the trie yet (an index nobody searched costs nothing). */
  get built(): boolean {
    return this.#keys !== undefined;
  }

  /**
   * The matches of `word` (case-insensitive, non-empty) outside the fuzzy tier, read one at a
   * time best first, so the answers of several indexes can be merged lazily. One at a time per index.
   */
  matches(word: string): MatchCursor {
    const typed = word.toLowerCase();
    if (this.#cannotMatch(typed)) return new MatchCursor(NO_KEYS, typed, [], [], NO_MARKS, 0);
    const { ids, lower, trie, listedBy } = this.#built();
    return new MatchCursor(trie.keys(typed), typed, lower, ids, listedBy, ++this.#query);
  }

  /** The ids matching `word` (case-insensitive), best first, at most `limit`. */
  search(word: string, limit: number): string[] {
    return this.searchRanked(word, limit).ids;
  }

  /**
   * {@link search}, with each id's rank (`tier × 2^20 + length`; ties in code-unit order), so
   * the answers of several indexes (one per provider) can be merged into the answer of one.
   * With `fuzzy` false, no fuzzy matches are looked for when nothing else matched.
   */
  searchRanked(word: string, limit: number, fuzzy = true): RankedMatches {
    if (limit <= 0 || this.#list.length === 0) return { ids: [], ranks: [] };
    const typed = word.toLowerCase();
    if (typed.length === 0) {
      const ids = (this.#ranked ??= rankIds(this.#list)).slice(0, limit);
      return { ids, ranks: ids.map((id) => id.length) };
    }
    if (this.#cannotMatch(typed)) return { ids: [], ranks: [] };
    const { ids, lower, trie, listedBy } = this.#built();
    const query = ++this.#query;
    const found: number[] = [];
    const ranks: number[] = [];
    trie.visit(typed, (index, at, rank) => {
      if (listedBy[index] === query || !(lower[index] as string).startsWith(typed, at)) return true;
      listedBy[index] = query;
      found.push(index);
      ranks.push(toRank(rank));
      return found.length < limit;
    });
    if (found.length > 0 || !fuzzy) return { ids: found.map((index) => ids[index] as string), ranks };
    const matches = this.#fuzzy(typed, limit).map((index) => ids[index] as string);
    return { ids: matches, ranks: matches.map((id) => FUZZY_TIER * TIER + id.length) };
  }

  /** Tier 4: ids holding the typed characters in order, the best `limit` by rank. */
  #fuzzy(typed: string, limit: number): number[] {
    const { ids, lower, trie } = this.#built();
    const { masks } = trie;
    const needed = characterMask(typed);
    const best: number[] = [];
    const better = (a: number, b: number): boolean => {
      const byLength = (ids[a] as string).length - (ids[b] as string).length;
      return byLength < 0 || (byLength === 0 && a < b);
    };
    for (let index = 0; index < masks.length; index++) {
      if (((masks[index] as number) & needed) !== needed || !isSubsequence(typed, lower[index] as string)) continue;
      if (best.length === limit && !better(index, best[limit - 1] as number)) continue;
      let at = best.length;
      while (at > 0 && better(index, best[at - 1] as number)) at--;
      best.splice(at, 0, index);
      if (best.length > limit) best.pop();
    }
    return best;
  }

  /** Whether no id can match `typed` in any tier, known without the trie (before it is built). */
  #cannotMatch(typed: string): boolean {
    return this.#keys === undefined && !(this.#lowerIds ??= new LowerIds(this.#list)).anyHolds(typed);
  }

  #built(): Keys {
    if (this.#keys !== undefined) return this.#keys;
    const ascending = isStrictlyAscending(this.#list);
    const ids = ascending ? this.#list : [...new Set(this.#list)].sort();
    const lower = ascending && this.#lowerIds !== undefined ? this.#lowerIds.lower : ids.map((id) => id.toLowerCase());
    this.#lowerIds = undefined;
    return (this.#keys = { ids, lower, trie: new KeyTrie(lower, this.#separator.toLowerCase()), listedBy: new Int32Array(lower.length) });
  }
}

/** A query's matches, best first, one per {@link MatchCursor.next}; each id once, at its best key. */
export class MatchCursor {
  /** The current match, after `next()` returned true. */
  id = '';
  /** Its rank (see {@link CompletionIndex.searchRanked}). */
  rank = 0;
  readonly #keys: Float64Array;
  readonly #typed: string;
  readonly #lower: readonly string[];
  readonly #ids: readonly string[];
  readonly #listedBy: Int32Array;
  readonly #query: number;
  #next = 0;

  constructor(keys: Float64Array, typed: string, lower: readonly string[], ids: readonly string[], listedBy: Int32Array, query: number) {
    this.#keys = keys;
    this.#typed = typed;
    this.#lower = lower;
    this.#ids = ids;
    this.#listedBy = listedBy;
    this.#query = query;
  }

  /** Moves to the next match; false when there is none. */
  next(): boolean {
    const keys = this.#keys;
    const listedBy = this.#listedBy;
    while (this.#next < keys.length) {
      const key = keys[this.#next++] as number;
      const index = keyIndex(key);
      if (listedBy[index] === this.#query || !(this.#lower[index] as string).startsWith(this.#typed, keyStart(key))) continue;
      listedBy[index] = this.#query;
      this.id = this.#ids[index] as string;
      this.rank = toRank(keyRank(key));
      return true;
    }
    return false;
  }
}

/** A trie rank (`tier × POSITIONS + length`) as a rank across tiers and indexes. */
function toRank(rank: number): number {
  return Math.floor(rank / POSITIONS) * TIER + (rank % POSITIONS);
}

/** What a non-empty query reads. */
interface Keys {
  /** The unique ids in code-unit order. */
  readonly ids: readonly string[];
  readonly lower: readonly string[];
  readonly trie: KeyTrie;
  /** Per id, the query that last listed it: no id is listed twice, without a set per query. */
  readonly listedBy: Int32Array;
}

/** The unique ids, shorter first, then in code-unit order. */
export function rankIds(ids: readonly string[]): string[] {
  const byLength: string[][] = [];
  for (const id of isStrictlyAscending(ids) ? ids : [...new Set(ids)].sort()) (byLength[id.length] ??= []).push(id);
  return byLength.flat();
}

function isStrictlyAscending(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (!((ids[i - 1] as string) < (ids[i] as string))) return false;
  return true;
}

function characterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

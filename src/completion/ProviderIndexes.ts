import { CompletionIndex, type MatchCursor, TIER } from './CompletionIndex.js';

/** One provider's ids (in list order) and the index over them. */
interface Part {
  readonly provider: string;
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
 * A query merges the parts' matches lazily (each part's come best-first) and stops at `limit`;
 * a part's trie is built only when a query reaches it.
 */
export class ProviderIndexes {
  /** The list this index answers for, to tell whether a new list is a different one. */
  source: readonly string[];
  /** How many providers' parts are new in this index (the rest were kept); a new part builds its trie on the first query that reaches it. */
  readonly built: number;
  readonly #parts: readonly Part[];

  constructor(source: readonly string[], separator: string, previous?: ProviderIndexes) {
    this.source = source;
    const kept = new Map((previous === undefined ? [] : previous.#parts).map((part) => [part.provider, part]));
    const parts: Part[] = [];
    let built = 0;
    for (const { provider, list, from, to } of byProvider(source, separator)) {
      const part = kept.get(provider);
      if (part !== undefined && sameIds(part.ids, list, from, to)) {
        parts.push(part);
      } else {
        const ids = from === 0 && to === list.length ? list : list.slice(from, to);
        const prefix = provider === '' ? '' : provider + separator;
        // Lower-casing ASCII does not depend on what follows, so every lower-cased id starts with this.
        const lowerPrefix = /^[\x20-\x7e]*$/.test(prefix) ? prefix.toLowerCase() : undefined;
        parts.push({ provider, ids, index: new CompletionIndex(ids, separator), lowerPrefix });
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
    // A part whose ids cannot start with the word gives at best a segment match (tier 1): it is
    // opened (and built, the first time) only when the merge reaches that tier.
    const heads: MatchCursor[] = [];
    let later: Part[] = [];
    for (const part of this.#parts) {
      if (mayStartWith(part, typed)) open(part, word, heads);
      else later.push(part);
    }
    const found: string[] = [];
    while (found.length < limit) {
      const head = heads[0];
      if (later.length > 0 && (head === undefined || head.rank >= TIER)) {
        for (const part of later) open(part, word, heads);
        later = [];
        continue;
      }
      if (head === undefined) break;
      found.push(head.id);
      if (head.next()) sink(heads);
      else heads.shift();
    }
    // Fuzzy matches count only when no part matched otherwise: each part's fuzzy scan reads
    // every id, so it runs only then.
    return found.length > 0 ? found : this.#merged(word, limit, true).ids;
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

/** Adds the part's matches to `heads` (best first by their current match), unless it has none. */
function open(part: Part, word: string, heads: MatchCursor[]): void {
  const matches = part.index.matches(word);
  if (!matches.next()) return;
  heads.push(matches);
  for (let i = heads.length - 1; i > 0 && before(heads[i] as MatchCursor, heads[i - 1] as MatchCursor); i--) swap(heads, i, i - 1);
}

/** Moves the first head, which has just moved on, to its place: most often it stays first. */
function sink(heads: MatchCursor[]): void {
  for (let i = 0; i + 1 < heads.length && before(heads[i + 1] as MatchCursor, heads[i] as MatchCursor); i++) swap(heads, i, i + 1);
}

/** Whether `a`'s current match ranks before `b`'s: by rank, then code-unit order. */
function before(a: MatchCursor, b: MatchCursor): boolean {
  return a.rank < b.rank || (a.rank === b.rank && a.id < b.id);
}

function swap(heads: MatchCursor[], i: number, j: number): void {
  const head = heads[i] as MatchCursor;
  heads[i] = heads[j] as MatchCursor;
  heads[j] = head;
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

/** One provider's ids: `list.slice(from, to)`, not copied until needed. */
interface Run {
  readonly provider: string;
  readonly list: readonly string[];
  readonly from: number;
  readonly to: number;
}

/**
 * The ids of each provider, in list order; providers in order of first appearance. A sorted list
 * holds each provider's ids together: each is a range of it, and most ids only check the last prefix.
 */
function byProvider(ids: readonly string[], separator: string): Run[] {
  const runs: Run[] = [];
  let prefix: string | undefined;
  let provider = '';
  let from = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string;
    if (prefix !== undefined && id.startsWith(prefix)) continue;
    const at = id.indexOf(separator);
    const next = at === -1 ? '' : id.slice(0, at);
    prefix = at === -1 ? undefined : next + separator;
    if (i > 0 && next === provider) continue;
    if (i > 0) runs.push({ provider, list: ids, from, to: i });
    provider = next;
    from = i;
  }
  if (ids.length > 0) runs.push({ provider, list: ids, from, to: ids.length });
  if (new Set(runs.map((run) => run.provider)).size !== runs.length) return gathered(ids, separator);
  if (runs.length < 2) return runs;
  // Array#slice of a frozen array (the manager's lists are frozen) takes V8's slow path, some
  // forty times a copy: the runs are ranges of one plain copy, which slices fast.
  const plain = Array.from(ids);
  return runs.map((run) => ({ ...run, list: plain }));
}

/** {@link byProvider} for a list whose providers are not together: each provider's ids copied. */
function gathered(ids: readonly string[], separator: string): Run[] {
  const lists = new Map<string, string[]>();
  for (const id of ids) {
    const at = id.indexOf(separator);
    const provider = at === -1 ? '' : id.slice(0, at);
    let list = lists.get(provider);
    if (list === undefined) lists.set(provider, (list = []));
    list.push(id);
  }
  return [...lists].map(([provider, list]) => ({ provider, list, from: 0, to: list.length }));
}

/** Whether `a` holds exactly `list.slice(from, to)`. */
function sameIds(a: readonly string[], list: readonly string[], from: number, to: number): boolean {
  if (a.length !== to - from) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== list[from + i]) return false;
  return true;
}

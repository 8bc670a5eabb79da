import { isSubsequence } from './isSubsequence.js';
import { keyPositions } from './keyPositions.js';
import { PrefixTier } from './PrefixTier.js';

/**
 * The ranked search over one list of scoped ids. Ids are numbered by rank (shorter first, then
 * code-unit order), so every tier hands back its matches best-first and a query stops as soon
 * as it has `limit` of them. Tiers 2 and 3 are built the first time a query reaches them.
 */
export class CompletionIndex {
  /** The list this index answers for, to tell whether a new list is a different one. */
  source: readonly string[];
  readonly #separator: string;
  /** The unique ids, best rank first. */
  readonly #ranked: string[];
  readonly #lower: string[];
  /** Per id, a bit for each character it holds (by code unit mod 32): a quick "cannot match" test for the fuzzy tier. */
  #masks: Int32Array | undefined;
  readonly #tiers: (PrefixTier | undefined)[] = [];

  constructor(source: readonly string[], separator: string) {
    this.source = source;
    this.#separator = separator.toLowerCase();
    this.#ranked = rankIds(source);
    this.#lower = this.#ranked.map((id) => id.toLowerCase());
  }

  /**
   * The ids matching `word` (case-insensitive), best first: prefix of the whole id, then of a
   * segment, then of any word; a fuzzy subsequence only when none of those match.
   */
  search(word: string, limit: number): string[] {
    if (limit <= 0 || this.#ranked.length === 0) return [];
    const typed = word.toLowerCase();
    const found: number[] = [];
    const seen = new Set<number>();
    const take = (rank: number): boolean => {
      if (!seen.has(rank)) {
        seen.add(rank);
        found.push(rank);
      }
      return found.length < limit;
    };
    // A tier is reached only when every tier above it is exhausted, so `seen` then holds
    // all of their matches and an id is listed in its best tier only.
    for (let tier = 0; tier < 3 && found.length < limit; tier++) this.#tier(tier).visitMatches(typed, take);
    if (found.length === 0) this.#fuzzy(typed, limit, found);
    return found.map((rank) => this.#ranked[rank] as string);
  }

  /** Tier 4: ids holding the typed characters in order, best rank first. */
  #fuzzy(typed: string, limit: number, found: number[]): void {
    const masks = (this.#masks ??= Int32Array.from(this.#lower, characterMask));
    const needed = characterMask(typed);
    for (let rank = 0; rank < masks.length && found.length < limit; rank++) {
      if (((masks[rank] as number) & needed) === needed && isSubsequence(typed, this.#lower[rank] as string)) found.push(rank);
    }
  }

  #tier(tier: number): PrefixTier {
    const built = this.#tiers[tier];
    if (built !== undefined) return built;
    const keys: string[] = [];
    const owners: number[] = [];
    this.#lower.forEach((lower, rank) => {
      if (tier === 0) {
        keys.push(lower);
        owners.push(rank);
        return;
      }
      const positions = keyPositions(lower, this.#separator);
      for (const at of tier === 1 ? positions.segments : positions.words) {
        keys.push(lower.slice(at));
        owners.push(rank);
      }
    });
    const created = new PrefixTier(keys, owners);
    this.#tiers[tier] = created;
    return created;
  }
}

/** The unique ids, shorter first, then in code-unit order. */
export function rankIds(ids: readonly string[]): string[] {
  let ascending = true;
  for (let i = 1; i < ids.length && ascending; i++) ascending = (ids[i - 1] as string) < (ids[i] as string);
  if (!ascending) return [...new Set(ids)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  // The manager's lists are sorted and unique already: a stable counting sort by length keeps
  // code-unit order within each length, in linear time.
  const byLength: string[][] = [];
  for (const id of ids) (byLength[id.length] ??= []).push(id);
  return byLength.flat();
}

function characterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

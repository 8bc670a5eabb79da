import { CompletionIndex } from './CompletionIndex.js';

/** One provider's ids (in list order) and the index over them. */
interface Part {
  readonly ids: readonly string[];
  readonly index: CompletionIndex;
}

/**
 * A {@link CompletionIndex} per provider (the text before the first separator), merged by rank
 * at query time: when one provider's list changes, only its part is rebuilt, and the others are
 * kept from the previous index. Answers exactly as one index over the whole list would.
 *
 * Not yet used by the completer: measured (`npm run bench -- --only=completion`), a keystroke
 * costs 4–10× a single index's (every part is asked and the answers merged), and rebuilding the
 * largest provider is still most of the list; see docs/benchmarks.md.
 */
export class ProviderIndexes {
  /** The list this index answers for, to tell whether a new list is a different one. */
  source: readonly string[];
  /** How many providers' parts were built for this index (the rest were kept). */
  readonly built: number;
  readonly #parts: ReadonlyMap<string, Part>;

  constructor(source: readonly string[], separator: string, previous?: ProviderIndexes) {
    this.source = source;
    const parts = new Map<string, Part>();
    let built = 0;
    for (const [provider, ids] of byProvider(source, separator)) {
      const kept = previous === undefined ? undefined : previous.#parts.get(provider);
      if (kept !== undefined && sameIds(kept.ids, ids)) {
        parts.set(provider, kept);
      } else {
        parts.set(provider, { ids, index: new CompletionIndex(ids, separator) });
        built++;
      }
    }
    this.#parts = parts;
    this.built = built;
  }

  /** The ids matching `word` (case-insensitive), best first, at most `limit`. */
  search(word: string, limit: number): string[] {
    if (this.#parts.size === 1) for (const part of this.#parts.values()) return part.index.search(word, limit);
    // Fuzzy matches count only when no part matched otherwise: each part's fuzzy scan reads
    // every id, so it runs only then.
    const found = this.#collect(word, limit, false);
    return (found.length > 0 ? found : this.#collect(word, limit, true))
      .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map(({ id }) => id);
  }

  #collect(word: string, limit: number, fuzzy: boolean): { id: string; rank: number }[] {
    const found: { id: string; rank: number }[] = [];
    for (const part of this.#parts.values()) {
      const { ids, ranks } = part.index.searchRanked(word, limit, fuzzy);
      for (let i = 0; i < ids.length; i++) found.push({ id: ids[i] as string, rank: ranks[i] as number });
    }
    return found;
  }
}

/** The ids of each provider, in list order; providers in order of first appearance. */
function byProvider(ids: readonly string[], separator: string): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const id of ids) {
    const at = id.indexOf(separator);
    const provider = at === -1 ? '' : id.slice(0, at);
    let list = lists.get(provider);
    if (list === undefined) lists.set(provider, (list = []));
    list.push(id);
  }
  return lists;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

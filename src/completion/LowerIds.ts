import { isSubsequence } from './isSubsequence.js';

/**
 * A list's ids lower-cased, in list order, and the one question they answer before any trie is
 * built: can anything match a word at all? A match of any tier holds the word as a substring,
 * hence as a subsequence: a word that no id holds as a subsequence (no fuzzy match) matches
 * nothing, which one scan tells, for far less than building the trie.
 */
export class LowerIds {
  readonly lower: readonly string[];
  /** The last word no id holds: a word that extends it is held by none either, without a scan. */
  #none: string | undefined;

  constructor(ids: readonly string[]) {
    this.lower = ids.map((id) => id.toLowerCase());
  }

  /** Whether some id holds the characters of `typed` (lower-cased) in order; stops at the first that does. */
  anyHolds(typed: string): boolean {
    if (this.#none !== undefined && typed.startsWith(this.#none)) return false;
    for (const id of this.lower) if (isSubsequence(typed, id)) return true;
    this.#none = typed;
    return false;
  }
}

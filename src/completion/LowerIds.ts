import { isSubsequence } from './isSubsequence.js';

/**
 * A list's ids, lower-cased when asked, and the one question they answer before any trie is
 * built: can anything match a word at all? A match of any tier holds the word as a substring,
 * hence as a subsequence: a word that no id holds as a subsequence (no fuzzy match) matches
 * nothing, which one scan tells, for far less than building the trie.
 */
export class LowerIds {
  readonly #ids: readonly string[];
  #lower: readonly string[] | undefined;
  /** The last word no id holds: a word that extends it is held by none either, without a scan. */
  #none: string | undefined;

  constructor(ids: readonly string[]) {
    this.#ids = ids;
  }

  /** The ids lower-cased, in list order: made the first time they are asked for. */
  get lower(): readonly string[] {
    return (this.#lower ??= this.#ids.map((id) => id.toLowerCase()));
  }

  /** Whether some id holds the characters of `typed` (lower-cased) in order; stops at the first that does. */
  anyHolds(typed: string): boolean {
    if (this.#none !== undefined && typed.startsWith(this.#none)) return false;
    const forms = rawForms(typed.charCodeAt(0));
    if (forms === undefined) {
      for (const id of this.lower) if (isSubsequence(typed, id)) return true;
    } else {
      // An id lacking every form of the first character cannot hold the word: most ids are ruled
      // out by a native search or two, without lower-casing them (which would allocate a string).
      const [a, b, c] = forms;
      for (const id of this.#ids) {
        if ((id.includes(a) || (b !== '' && id.includes(b)) || (c !== '' && id.includes(c))) && isSubsequence(typed, id.toLowerCase())) return true;
      }
    }
    this.#none = typed;
    return false;
  }
}

/**
 * For an ASCII character of a lower-cased word, the characters that lower-case to text holding it
 * (`''` for none): itself, its upper case, and the only two others in Unicode, İ (to i + U+0307)
 * and the Kelvin sign (to k) (every code point checked). `undefined` for any other character:
 * then the ids are lower-cased.
 */
function rawForms(code: number): [string, string, string] | undefined {
  if (!(code < 128)) return undefined;
  const char = String.fromCharCode(code);
  const upper = code >= 0x61 && code <= 0x7a ? char.toUpperCase() : '';
  return [char, upper, char === 'i' ? '\u0130' : char === 'k' ? '\u212a' : ''];
}

// Characters a terminal would act on instead of showing: never handed to node:readline to print.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * What a `node:readline` completer returns so that Tab never destroys the typed `word`.
 * readline replaces the text it is told was completed (`completeOn`) with the matches' common
 * prefix whenever that text does not start with the prefix, even when the prefix is shorter or
 * different. So: one match is returned as is (readline puts it in the word's place); several
 * extend the word only when their common prefix extends it (ignoring case); otherwise the common
 * prefix itself is named as `completeOn`, which readline then leaves alone and lists the matches.
 */
export function readlineResult(items: readonly string[], word: string): [string[], string] {
  const matches = items.filter((item) => !UNSAFE.test(item));
  if (matches.length <= 1) return [matches, word];
  const prefix = commonPrefix(matches);
  if (prefix.length > word.length && prefix.toLowerCase().startsWith(word.toLowerCase())) return [matches, word];
  return [matches, prefix];
}

/** The longest common prefix of `strings` (at least one), in code units. */
export function commonPrefix(strings: readonly string[]): string {
  let prefix = strings[0] ?? '';
  for (const text of strings) {
    let length = 0;
    while (length < prefix.length && length < text.length && prefix[length] === text[length]) length++;
    prefix = prefix.slice(0, length);
  }
  return prefix;
}

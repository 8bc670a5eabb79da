/** True when every character of `needle` appears in `haystack` in the same order (`gpt4o` in `openai/gpt-4o`). */
export function isSubsequence(needle: string, haystack: string): boolean {
  if (needle.length > haystack.length) return false;
  let from = 0;
  for (const char of needle) {
    const at = haystack.indexOf(char, from);
    if (at < 0) return false;
    from = at + char.length;
  }
  return true;
}

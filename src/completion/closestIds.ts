/**
 * The `count` ids closest to `typed` by edit distance (case-insensitive), comparing with the
 * whole id, its model id and the text after each `/`, so `gpt-4` finds `openai/gpt-4o` and
 * `openrouter/openai/gpt-4o`. Ties: shorter, then code-unit order.
 */
export function closestIds(typed: string, ids: readonly string[], separator: string, count: number): string[] {
  const target = typed.toLowerCase();
  const scored = ids.map((id) => {
    const lower = id.toLowerCase();
    const at = lower.indexOf(separator.toLowerCase());
    const parts = [lower, ...(at < 0 ? [] : [lower.slice(at + separator.length)])];
    for (let slash = lower.indexOf('/'); slash >= 0; slash = lower.indexOf('/', slash + 1)) parts.push(lower.slice(slash + 1));
    return { id, distance: Math.min(...parts.map((part) => editDistance(target, part))) };
  });
  return scored
    .sort((a, b) => a.distance - b.distance || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count)
    .map((entry) => entry.id);
}

/** Levenshtein distance: insertions, deletions and substitutions, in code units. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Joins a provider and a model id into the scoped id users pick: `openai` + `/` + `gpt-4o`. */
export function toScopedId(provider: string, model: string, separator: string): string {
  return provider + separator + model;
}

/**
 * Splits a scoped id at the first separator: provider names never contain it, model ids may
 * (`openrouter/openai/gpt-4o:free`). `undefined` when there is no separator or either side is empty.
 */
export function splitScopedId(scopedId: string, separator: string): { provider: string; model: string } | undefined {
  const at = scopedId.indexOf(separator);
  if (at <= 0 || at + separator.length >= scopedId.length) return undefined;
  return { provider: scopedId.slice(0, at), model: scopedId.slice(at + separator.length) };
}

/**
 * True when `name` can scope ids with `separator`: the first separator in `name + separator` is
 * the one added. With `..`, the name `a.` fails: `a...x` would read as provider `a`.
 */
export function isScopableName(name: string, separator: string): boolean {
  return name.length > 0 && (name + separator).indexOf(separator) === name.length;
}

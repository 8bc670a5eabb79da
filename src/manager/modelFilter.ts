/** Decides whether a model id passes a provider's `include` / `exclude` globs. */
export type ModelFilter = (modelId: string) => boolean;

/**
 * Compiles globs into one filter. Case-insensitive; `*` matches any run of characters,
 * `/` included; every other character is literal. No `include` means all; `exclude` wins.
 */
export function compileModelFilter(include?: readonly string[], exclude?: readonly string[]): ModelFilter {
  const included = include === undefined || include.length === 0 ? undefined : globsToRegExp(include);
  const excluded = exclude === undefined || exclude.length === 0 ? undefined : globsToRegExp(exclude);
  return (modelId) => (included === undefined || included.test(modelId)) && !(excluded?.test(modelId) ?? false);
}

function globsToRegExp(globs: readonly string[]): RegExp {
  const alternatives = globs.map((glob) => glob.split('*').map(escapeRegExp).join('.*'));
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'is');
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

import { InvalidArgumentError } from 'commander';
import type { ScopedModelInfo } from '../manager/types.js';

/** The orders `list --sort` knows. */
export const LIST_SORTS = ['id', 'context', 'price'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** Commander's parser for `--sort`. */
export function parseSort(value: string): ListSort {
  if ((LIST_SORTS as readonly string[]).includes(value)) return value as ListSort;
  throw new InvalidArgumentError(`expected one of ${LIST_SORTS.join(', ')}`);
}

/** Commander's parser for a repeatable option: each use adds to the list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `models` in the order asked for: by id; by context window, largest first; or by price,
 * cheapest input first (then output). Models without the fact go last, by id. A new array.
 */
export function sortModels(models: readonly ScopedModelInfo[], order: ListSort): ScopedModelInfo[] {
  if (order === 'id') return [...models];
  const rank = (model: ScopedModelInfo): readonly number[] | undefined =>
    order === 'context'
      ? model.contextWindow === undefined ? undefined : [-model.contextWindow]
      : model.pricing === undefined ? undefined : [model.pricing.input, model.pricing.output];
  return [...models].sort((a, b) => compareRanks(rank(a), rank(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function compareRanks(a: readonly number[] | undefined, b: readonly number[] | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

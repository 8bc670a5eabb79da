import type { FactSource, ModelFactName } from './types.js';

type Sources = Readonly<Partial<Record<ModelFactName, FactSource>>>;

// Few distinct combinations exist (each fact: provider, catalog or absent), so one frozen
// object per combination is kept for the process and shared by every model that has it.
const shared = new Map<string, Sources>();

/** The shared frozen copy of `sources`; `undefined` when it records nothing. */
export function factSources(sources: Sources): Sources | undefined {
  const names = Object.keys(sources) as ModelFactName[];
  if (names.length === 0) return undefined;
  const key = names.map((name) => `${name}=${sources[name]}`).join(',');
  let found = shared.get(key);
  if (found === undefined) {
    found = Object.freeze({ ...sources });
    shared.set(key, found);
  }
  return found;
}

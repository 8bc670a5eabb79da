import { ScopedModelsError } from './ScopedModelsError.js';

/** A caller named providers that are not configured. */
export class UnknownProviderError extends ScopedModelsError {
  readonly unknown: readonly string[];
  readonly known: readonly string[];

  constructor(unknown: readonly string[], known: readonly string[]) {
    const list = known.length === 0 ? 'none are configured' : `known providers: ${known.join(', ')}`;
    super('unknown_provider', `unknown provider ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ${list}`);
    this.unknown = unknown;
    this.known = known;
  }
}

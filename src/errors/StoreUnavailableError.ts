import { ScopedModelsError } from './ScopedModelsError.js';

/** The shared catalog store could not be reached; callers keep serving what they have. */
export class StoreUnavailableError extends ScopedModelsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_unavailable', message, options);
  }
}

import { ScopedModelsError } from '../errors/ScopedModelsError.js';

/** The reason a Ctrl-C gives the signal it aborts; exit code 130. */
export class InterruptedError extends ScopedModelsError {
  constructor(what: string) {
    super('interrupted', `${what} was interrupted (Ctrl-C)`);
  }
}

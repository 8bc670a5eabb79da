import { ScopedModelsError } from '../errors/ScopedModelsError.js';

/** The command line asks for something that cannot be done as asked; exit code 2. */
export class CliUsageError extends ScopedModelsError {
  constructor(code: 'usage' | 'no_providers', message: string) {
    super(code, message);
  }
}

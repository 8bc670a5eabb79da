import { ScopedModelsError } from '../errors/ScopedModelsError.js';

/** Options of an {@link HttpError}. */
export interface HttpErrorOptions {
  /** The request field at fault (`providers`, `q`), or none. */
  param?: string;
  /** Extra response headers, e.g. `Allow` for a 405. */
  headers?: Readonly<Record<string, string>>;
  /** Close the connection after answering: the request body was not (fully) read. */
  closeConnection?: boolean;
}

/**
 * A request the handler answers with an error status and an OpenAI-style body
 * `{ error: { message, type, param, code } }`. The message is safe to show to the client.
 */
export class HttpError extends ScopedModelsError {
  readonly status: number;
  readonly param: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly closeConnection: boolean;

  constructor(status: number, code: string, message: string, options: HttpErrorOptions = {}) {
    super(code, message);
    this.status = status;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.closeConnection = options.closeConnection ?? false;
  }

  /** OpenAI's error `type` for this status. */
  get type(): string {
    if (this.status === 401) return 'authentication_error';
    return this.status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}
